package io.isobench.runtime;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Per-instance temporary directories named after their owner ({@link Owner}: pid and start
 * time), e.g. {@code isobench-launch-4711_123456-8034...}, so that those a killed run left
 * behind (SIGKILL, a crash: no finally ran) are recognised and removed by the next run: the
 * first directory a process creates sweeps the temp directory once.
 */
public final class OwnedTempDirs {
    /** The kinds made this way: launcher reports (run, density) and VM monitor work directories. */
    public static final List<String> PREFIXES = List.of("isobench-launch-", "isobench-instance-", "isobench-vm-");
    private static final Pattern NAME = Pattern.compile("(isobench-(?:launch|instance|vm)-)(\\d+)_(\\d+)-.*");
    private static final AtomicBoolean SWEPT = new AtomicBoolean();

    private OwnedTempDirs() {
    }

    /**
     * A new directory {@code PREFIX<pid>_<starttime>-...} in the temp directory; the first call
     * in a process sweeps the stale ones first.
     *
     * @param prefix one of {@link #PREFIXES}
     */
    public static Path create(String prefix) throws IOException {
        if (!PREFIXES.contains(prefix)) {
            throw new IllegalArgumentException("not an owned temp directory prefix: " + prefix);
        }
        Path base = Path.of(System.getProperty("java.io.tmpdir"));
        if (SWEPT.compareAndSet(false, true)) {
            sweepStale(base);
        }
        return Files.createTempDirectory(base, prefix + Owner.current().tag() + "-");
    }

    /**
     * Removes the owned directories in {@code base} whose owner no longer runs (no process with
     * that pid and start time). Names without an owner, and those of live owners, stay.
     *
     * @return the directories removed
     */
    public static List<Path> sweepStale(Path base) {
        List<Path> removed = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(base, "isobench-*")) {
            for (Path p : entries) {
                Matcher m = NAME.matcher(p.getFileName().toString());
                if (m.matches() && Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS) && !alive(m)) {
                    FileTrees.deleteQuietly(p);
                    if (!Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                        removed.add(p);
                    }
                }
            }
        } catch (IOException e) {
            // an unreadable temp directory: nothing to sweep
        }
        return removed;
    }

    /** Numbers too long to be a pid or a start time: not ours, treated as alive (left alone). */
    private static boolean alive(Matcher m) {
        try {
            return new Owner(Long.parseLong(m.group(2)), Long.parseLong(m.group(3))).alive();
        } catch (NumberFormatException e) {
            return true;
        }
    }
}
