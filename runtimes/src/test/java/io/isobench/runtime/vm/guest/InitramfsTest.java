package io.isobench.runtime.vm.guest;

import io.isobench.runtime.RuntimeFailure;
import org.apache.commons.compress.archivers.cpio.CpioArchiveEntry;
import org.apache.commons.compress.archivers.cpio.CpioArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InitramfsTest {

    @Test
    void packsRootGuestInitAndModulesAndCachesByInputs(@TempDir Path tmp) throws Exception {
        Path root = Files.createDirectories(tmp.resolve("root"));
        Files.createDirectories(root.resolve("bin"));
        Files.createDirectories(root.resolve("isobench")); // guest-init's name: left out
        Files.writeString(root.resolve("isobench/stale"), "x");
        Files.writeString(root.resolve("init"), "the rootfs's own init, replaced");
        Path tool = root.resolve("bin/tool");
        Files.writeString(tool, "#!/bin/sh\necho hi\n");
        Files.setPosixFilePermissions(tool, PosixFilePermissions.fromString("rwxr-x---"));
        Files.setLastModifiedTime(tool, FileTime.fromMillis(1_600_000_000_000L));
        Files.createSymbolicLink(root.resolve("bin/sh"), Path.of("tool"));
        Files.createSymbolicLink(root.resolve("dangling"), Path.of("/nowhere"));
        Process mkfifo = new ProcessBuilder("mkfifo", root.resolve("fifo").toString()).start();
        assertEquals(0, mkfifo.waitFor());
        Path guestInit = tmp.resolve("guest-init");
        Files.write(guestInit, new byte[]{0x7f, 'E', 'L', 'F', 1, 2, 3});
        Path moduleFile = Files.createDirectories(tmp.resolve("mods")).resolve("virtio-x.ko");
        Files.write(moduleFile, new byte[]{9, 8, 7});
        var contents = new Initramfs.Contents(root, guestInit, List.of(new KernelModule("virtio_x", moduleFile)));

        Initramfs initramfs = new Initramfs(tmp.resolve("cache"));
        Path cpio = initramfs.get(contents);
        Map<String, Item> items = read(cpio);

        assertEquals(List.of("bin", "bin/sh", "bin/tool", "dangling", "init", "isobench", "isobench/modules",
                "isobench/modules/virtio_x.ko", "isobench/modules.list"), List.copyOf(items.keySet()));
        assertEquals(0100750, items.get("bin/tool").mode);
        assertEquals(1_600_000_000L, items.get("bin/tool").mtime);
        assertEquals("#!/bin/sh\necho hi\n", items.get("bin/tool").text());
        assertEquals(0120000, items.get("bin/sh").mode & 0170000);
        assertEquals("tool", items.get("bin/sh").text());
        assertEquals("/nowhere", items.get("dangling").text());
        assertEquals(040000, items.get("bin").mode & 0170000);
        assertEquals(0100755, items.get("init").mode);
        assertArrayEquals(Files.readAllBytes(guestInit), items.get("init").data);
        assertArrayEquals(new byte[]{9, 8, 7}, items.get("isobench/modules/virtio_x.ko").data);
        assertEquals("virtio_x.ko\n", items.get("isobench/modules.list").text());

        // Same inputs: the cached file, not rebuilt (a rebuild is renamed in: a new inode).
        Object inode = Files.readAttributes(cpio, BasicFileAttributes.class).fileKey();
        assertEquals(cpio, initramfs.get(contents));
        assertEquals(inode, Files.readAttributes(cpio, BasicFileAttributes.class).fileKey());
        // A changed input: a new archive.
        Files.writeString(tool, "#!/bin/sh\necho changed\n");
        Path rebuilt = initramfs.get(contents);
        assertNotEquals(cpio, rebuilt);
        assertEquals("#!/bin/sh\necho changed\n", read(rebuilt).get("bin/tool").text());
        try (var files = Files.list(tmp.resolve("cache"))) {
            assertTrue(files.noneMatch(p -> p.toString().endsWith(".tmp")), "no temp file may be left");
        }

        // The cache keeps the most recently used archives only; the one just used survives.
        for (int i = 0; i < Initramfs.KEEP + 2; i++) {
            Files.writeString(tool, "version " + i);
            initramfs.get(contents);
            Thread.sleep(5);
        }
        Path last = initramfs.get(contents);
        try (var files = Files.list(tmp.resolve("cache"))) {
            assertEquals(Initramfs.KEEP, files.count());
        }
        assertTrue(Files.isRegularFile(last));
        assertFalse(Files.exists(cpio), "the least recently used archive is pruned");
    }

    @Test
    void missingRootIsOneSentence(@TempDir Path tmp) throws Exception {
        Path guestInit = Files.write(tmp.resolve("gi"), new byte[1]);
        RuntimeFailure e = assertThrows(RuntimeFailure.class, () -> new Initramfs(tmp.resolve("c"))
                .get(new Initramfs.Contents(tmp.resolve("nope"), guestInit, List.of())));
        assertEquals("the root filesystem " + tmp.resolve("nope") + " is not a readable directory.", e.getMessage());
        assertFalse(Files.exists(tmp.resolve("c")));
    }

    record Item(int mode, long mtime, byte[] data) {
        String text() {
            return new String(data, StandardCharsets.UTF_8);
        }
    }

    static Map<String, Item> read(Path cpio) throws Exception {
        Map<String, Item> items = new LinkedHashMap<>();
        try (InputStream in = Files.newInputStream(cpio); CpioArchiveInputStream c = new CpioArchiveInputStream(in)) {
            CpioArchiveEntry e;
            while ((e = c.getNextCPIOEntry()) != null) {
                assertEquals(org.apache.commons.compress.archivers.cpio.CpioConstants.FORMAT_NEW, e.getFormat());
                items.put(e.getName(), new Item((int) e.getMode(), e.getTime(), c.readAllBytes()));
            }
        }
        return items;
    }
}
