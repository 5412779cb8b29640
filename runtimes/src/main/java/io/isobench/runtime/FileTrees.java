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
}
