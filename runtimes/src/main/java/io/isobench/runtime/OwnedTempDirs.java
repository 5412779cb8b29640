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
 * first directory a process creates sweeps the temp directory once. The container's and
 * runc's overlay directories are named the same way ({@link #create(Path, String)}) but
 * swept by their owners ({@link #stale}), since they may still carry mounts.
 */
public final class OwnedTempDirs {
    /** The kinds made this way: launcher reports (run, density) and VM monitor work directories. */
    public static final List<String> PREFIXES = List.of("isobench-launch-", "isobench-instance-", "isobench-vm-");
    /** PREFIX, then {@code <pid>_<starttime>-}, then anything. */
    private static final Pattern OWNER = Pattern.compile("(\\d+)_(\\d+)-.*");
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
        return create(base, prefix);
    }

    /** A new directory {@code PREFIX<pid>_<starttime>-...} in {@code base}; no sweep. */
    public static Path create(Path base, String prefix) throws IOException {
        return Files.createTempDirectory(base, prefix + Owner.current().tag() + "-");
    }

    /**
     * The directories {@code PREFIX<pid>_<starttime>-...} in {@code base} whose owner no
     * longer runs: what a killed harness left behind. Other names, and live owners', are not
     * listed.
     */
    public static List<Path> stale(Path base, String prefix) {
        List<Path> stale = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(base, prefix + "*")) {
            for (Path p : entries) {
                Matcher m = OWNER.matcher(p.getFileName().toString().substring(prefix.length()));
                if (m.matches() && Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS) && !alive(m)) {
                    stale.add(p);
                }
            }
        } catch (IOException e) {
            // an unreadable directory: nothing to sweep
        }
        return stale;
    }

    /**
     * Removes the owned directories in {@code base} whose owner no longer runs (no process with
     * that pid and start time). Names without an owner, and those of live owners, stay.
     *
     * @return the directories removed
     */
    public static List<Path> sweepStale(Path base) {
        List<Path> removed = new ArrayList<>();
        for (String prefix : PREFIXES) {
            for (Path p : stale(base, prefix)) {
                FileTrees.deleteQuietly(p);
                if (!Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    removed.add(p);
                }
            }
        }
        return removed;
    }

    /** Numbers too long to be a pid or a start time: not ours, treated as alive (left alone). */
    private static boolean alive(Matcher m) {
        try {
            return new Owner(Long.parseLong(m.group(1)), Long.parseLong(m.group(2))).alive();
        } catch (NumberFormatException e) {
            return true;
        }
    }
}
