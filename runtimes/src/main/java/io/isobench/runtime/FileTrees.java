package io.isobench.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Removing the directory trees isobench creates (temp dirs, overlay layers, caches being replaced). */
public final class FileTrees {
    private FileTrees() {
    }

    /** Deletes {@code p} and everything below it; symbolic links are removed, never followed. Absent is fine. */
    public static void delete(Path p) throws IOException {
        if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(p)) {
            for (Path q : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(q);
            }
        }
    }

    /** As {@link #delete}, for cleanup paths where a leftover is harmless: errors are swallowed. */
    public static void deleteQuietly(Path p) {
        try {
            delete(p);
        } catch (IOException | RuntimeException ignored) {
            // Best effort by contract.
        }
    }

    /**
     * As {@link #deleteQuietly}, then fsyncs the parent directory, so the journal commit that
     * frees the tree's blocks happens now. On a filesystem mounted with {@code discard} that
     * commit also discards them; left to the next commit, it would land inside whatever fsyncs
     * next: the following trial's timed I/O.
     */
    public static void deleteQuietlyAndCommit(Path p) {
        deleteQuietly(p);
        Path parent = p.toAbsolutePath().getParent();
        if (parent == null) {
            return;
        }
        try (java.nio.channels.FileChannel dir = java.nio.channels.FileChannel.open(parent,
                java.nio.file.StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException | RuntimeException ignored) {
            // Best effort: the blocks are freed at the next commit instead.
        }
    }
}
