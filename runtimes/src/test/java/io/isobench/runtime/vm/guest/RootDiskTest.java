package io.isobench.runtime.vm.guest;

import io.isobench.runtime.RuntimeFailure;
import io.isobench.runtime.container.BusyboxRootfs;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The VM's read-only root disk, built with the real mkfs.ext4 and read back with debugfs: the
 * root's files and the added mount points, the cache (reused, rebuilt when damaged, keyed by
 * the tree), and failures that leave nothing half-built in the cache.
 */
class RootDiskTest {
    @TempDir
    static Path dir;
    static Path root;

    @BeforeAll
    static void busyboxRoot() throws Exception {
        root = BusyboxRootfs.create(Files.createDirectories(dir.resolve("root")));
        Files.writeString(root.resolve("hello.txt"), "from the root\n");
    }

    @Test
    void theImageHoldsTheRootAndTheMountPointsAndIsReused() throws Exception {
        Path cache = dir.resolve("cache-reuse");
        long t0 = System.nanoTime();
        Path image = new RootDisk(cache).get(root);
        System.out.printf("RootDiskTest: busybox root disk (%d bytes, %d on disk) built in %d ms%n", Files.size(image),
                Long.parseLong(run("du", "-B1", image.toString()).split("\\s+")[0]), (System.nanoTime() - t0) / 1_000_000);
        assertTrue(image.getFileName().toString().matches("[0-9a-f]{32}\\.ext4"), image.toString());
        assertNull(RootDisk.damage(image));
        assertEquals("from the root\n", run("debugfs", "-R", "cat /hello.txt", image.toString()));
        String listing = run("debugfs", "-R", "ls -p /", image.toString());
        for (String m : RootDisk.MOUNT_POINTS) {
            assertTrue(listing.matches("(?s).*/04\\d{4}/\\d+/\\d+/" + m + "/.*"), m + " missing:\n" + listing);
        }
        String superblock = run("dumpe2fs", "-h", image.toString());
        assertTrue(superblock.contains("Filesystem volume name:   isobench-root"), superblock);
        assertFalse(superblock.contains("has_journal"), "read-only: no journal\n" + superblock);
        assertEquals(1, count(cache), "one image, no temporaries");

        // Reused: same file, not rebuilt (its inode stays).
        Object inode = Files.getAttribute(image, "unix:ino");
        assertEquals(image, new RootDisk(cache).get(root));
        assertEquals(inode, Files.getAttribute(image, "unix:ino"));

        // Another tree, another key: a new file changes the root's stat data.
        Path other = Files.createDirectories(dir.resolve("root-other"));
        Files.writeString(other.resolve("a"), "a");
        Path second = new RootDisk(cache).get(other);
        assertNotEquals(image, second);
        Files.setLastModifiedTime(other.resolve("a"), FileTime.fromMillis(1_000_000));
        RootDisk sameInstance = new RootDisk(cache);
        Path third = sameInstance.get(other);
        assertNotEquals(second, third, "an mtime is part of the key");
        Files.writeString(other.resolve("b"), "b");
        assertEquals(third, sameInstance.get(other), "an instance scans a root once (one run)");
        assertNotEquals(third, new RootDisk(cache).get(other), "the next run sees the change");
    }

    @Test
    void aContentKeyNamesTheImageWithoutAScan() throws Exception {
        Path cache = dir.resolve("cache-keyed");
        Path image = new RootDisk(cache).get(root, "debian-bookworm-0123456789abcdef");
        assertEquals("from the root\n", run("debugfs", "-R", "cat /hello.txt", image.toString()));
        assertNotEquals(new RootDisk(cache).get(root), image, "the stat key is another key");
        // The content key alone decides: another tree under the same key finds the same image.
        Path other = Files.createDirectories(dir.resolve("root-keyed"));
        assertEquals(image, new RootDisk(cache).get(other, "debian-bookworm-0123456789abcdef"));
        RuntimeFailure e = assertThrows(RuntimeFailure.class, () -> new RootDisk(cache).get(root, "../x y"));
        assertEquals("the root's content key '../x y' is not a plain name.", e.getMessage());
    }

    @Test
    void aTruncatedOrOverwrittenCachedImageIsBuiltAgain() throws Exception {
        Path cache = dir.resolve("cache-damaged");
        Path image = new RootDisk(cache).get(root);
        long size = Files.size(image);
        try (RandomAccessFile f = new RandomAccessFile(image.toFile(), "rw")) {
            f.setLength(size / 2);
        }
        assertEquals("it is " + size / 2 + " bytes but its file system spans " + size, RootDisk.damage(image));
        assertEquals(image, new RootDisk(cache).get(root));
        assertEquals(size, Files.size(image), "rebuilt whole");
        assertNull(RootDisk.damage(image));

        try (RandomAccessFile f = new RandomAccessFile(image.toFile(), "rw")) {
            f.seek(1024);
            f.write(new byte[1024]); // the superblock zeroed
        }
        assertEquals("it has no ext4 superblock", RootDisk.damage(image));
        new RootDisk(cache).get(root);
        assertNull(RootDisk.damage(image));
        assertEquals("from the root\n", run("debugfs", "-R", "cat /hello.txt", image.toString()));
        assertEquals(1, count(cache));
    }

    @Test
    void mkfsFailingIsOneSentenceAndLeavesNothingInTheCache() throws Exception {
        Path cache = dir.resolve("cache-fail");
        // A root with 3 MB of data and no room for ext4's own metadata: the real mkfs.ext4 runs out of blocks.
        Path big = Files.createDirectories(dir.resolve("root-big"));
        byte[] data = new byte[1 << 20];
        new java.util.Random(1).nextBytes(data);
        for (int i = 0; i < 3; i++) {
            Files.write(big.resolve("f" + i), data);
        }
        RuntimeFailure e = assertThrows(RuntimeFailure.class, () -> new RootDisk(cache, -(2L << 20)).get(big));
        assertTrue(e.getMessage().startsWith("cannot build the VM's root disk from " + big + ": mkfs.ext4 "), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one sentence: " + e.getMessage());
        assertEquals(0, count(cache), "nothing half-built left");
        // The same root with room builds, in the same cache.
        assertNull(RootDisk.damage(new RootDisk(cache).get(big)));
    }

    @Test
    void aMissingRootIsOneSentence() {
        RuntimeFailure e = assertThrows(RuntimeFailure.class, () -> new RootDisk(dir.resolve("c")).get(dir.resolve("nope")));
        assertEquals("the root filesystem " + dir.resolve("nope") + " is not a readable directory.", e.getMessage());
    }

    @Test
    void theSizeCoversEveryBlockWithRoom() {
        List<RootTree.Entry> entries = List.of(
                new RootTree.Entry("d", null, RootTree.S_IFDIR | 0755, 0, 0, 0, FileTime.fromMillis(0), null),
                new RootTree.Entry("d/f", null, RootTree.S_IFREG | 0644, 0, 0, 5000, FileTime.fromMillis(0), null),
                new RootTree.Entry("l", null, RootTree.S_IFLNK | 0777, 0, 0, 0, FileTime.fromMillis(0), "x".repeat(60)),
                new RootTree.Entry("s", null, RootTree.S_IFLNK | 0777, 0, 0, 0, FileTime.fromMillis(0), "short"));
        long data = 4096 + 8192 + 4096; // the directory, the file's two blocks, the long link; the short one is in its inode
        long bytes = data + data / 10 + 100 * 256 + (1 << 20);
        assertEquals((bytes + 4095) / 4096 * 4096, RootDisk.size(entries, 100, 1 << 20));
    }

    private static long count(Path cache) throws Exception {
        if (!Files.isDirectory(cache)) {
            return 0;
        }
        try (Stream<Path> s = Files.list(cache)) {
            return s.count();
        }
    }

    private static String run(String... argv) throws Exception {
        Process p = new ProcessBuilder(argv).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), String.join(" ", argv) + ": " + out);
        return out;
    }
}
