package io.isobench.runtime.container;

import io.isobench.runtime.OwnedTempDirs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The per-instance directory of the overlay root, {@code isobench-container-<pid>_<starttime>-...} ({@link OwnedTempDirs}). With
 * the upper layer on a tmpfs it stays empty on the host: the launcher mounts the tmpfs on
 * it inside the container's own mount namespace. With the upper layer on disk it holds
 * {@code upper} (every write to / lands here), {@code work} (overlay's scratch, same
 * filesystem) and {@code merged} (the mount point, again used only inside the container's
 * namespace). Removed by {@link #close()}; one that a killed harness left behind is removed
 * by the next {@link #sweepStale(Path)}.
 */
final class OverlayDirs implements AutoCloseable {
    static final String PREFIX = "isobench-container-";

    private final Path dir;

    private OverlayDirs(Path dir) {
        this.dir = dir;
    }

    static OverlayDirs create(Path base, boolean upperOnDisk) throws IOException {
        Path dir = OwnedTempDirs.create(base, PREFIX);
        if (!upperOnDisk) {
            return new OverlayDirs(dir);
        }
        try {
            Files.createDirectory(dir.resolve("upper"));
            Files.createDirectory(dir.resolve("work"));
            Files.createDirectory(dir.resolve("merged"));
        } catch (IOException e) {
            delete(dir);
            throw e;
        }
        return new OverlayDirs(dir);
    }

    Path dir() {
        return dir;
    }

    Path upper() {
        return dir.resolve("upper");
    }

    Path work() {
        return dir.resolve("work");
    }

    Path merged() {
        return dir.resolve("merged");
    }

    @Override
    public void close() throws IOException {
        delete(dir);
    }

    /** Removes the overlay directories of isobench processes that no longer exist. */
    static void sweepStale(Path base) {
        for (Path p : OwnedTempDirs.stale(base, PREFIX)) {
            try {
                delete(p);
            } catch (IOException ignored) {
                // already going: leave it
            }
        }
    }

    static void delete(Path p) throws IOException {
        if (!Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(p)) {
            for (Path q : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(q);
            }
        }
    }
}
