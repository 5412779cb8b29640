package io.isobench.runtime.vm.guest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The VM's file caches (initramfs archives, root disks): one directory per kind, a file per
 * key, the most recently used few kept. A file's mtime is its last use.
 */
final class CachedFiles {
    private final Path dir;
    private final String suffix;
    private final int keep;

    /**
     * @param suffix the cached files' ending (e.g. {@code .cpio}); nothing else in {@code dir} is pruned
     * @param keep   how many files to keep
     */
    CachedFiles(Path dir, String suffix, int keep) {
        this.dir = dir;
        this.suffix = suffix;
        this.keep = keep;
    }

    /** Records a use of {@code file}, for {@link #prune}. */
    static void markUsed(Path file) {
        try {
            Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis()));
        } catch (IOException ignored) {
            // a read-only cache (the rig's view of the host's) still works; it just prunes by build time
        }
    }

    /**
     * Keeps {@code current} and the most recently used others, {@code keep} in all; also removes
     * temporaries of builds killed more than an hour ago. Each new input (a new image, a new
     * root) makes a new file of tens to hundreds of MB, and old ones are rarely used again.
     */
    void prune(Path current) {
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> old = files.filter(p -> p.getFileName().toString().endsWith(suffix) && !p.equals(current))
                    .sorted(Comparator.comparing(CachedFiles::lastUse).reversed())
                    .toList();
            for (Path p : old.subList(Math.min(keep - 1, old.size()), old.size())) {
                Files.deleteIfExists(p);
            }
        } catch (IOException ignored) {
            // pruning is housekeeping; never fail a run for it
        }
        DebianCloudKernel.removeStaleTemporaries(dir);
    }

    private static FileTime lastUse(Path p) {
        try {
            return Files.getLastModifiedTime(p);
        } catch (IOException e) {
            return FileTime.fromMillis(0);
        }
    }
}
