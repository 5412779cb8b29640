package io.isobench.runtime.vm.disk;

import io.isobench.runtime.RuntimeFailure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ScratchDiskTest {

    @Test
    void aSparseExt4FileOfTheAskedSize(@TempDir Path dir) throws Exception {
        Path disk = ScratchDisk.create(dir, 256L << 20);
        assertEquals(256L << 20, Files.size(disk));
        // Sparse: formatting wrote a few MiB at most.
        Process stat = new ProcessBuilder("stat", "-c", "%b", disk.toString()).start();
        long allocated = Long.parseLong(new String(stat.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip()) * 512;
        assertTrue(allocated < 32L << 20, "allocated " + allocated);
        // The superblock (at 1024) carries the ext2/3/4 magic 0xEF53 at offset 56.
        byte[] head = new byte[2048];
        try (var in = Files.newInputStream(disk)) {
            assertEquals(2048, in.readNBytes(head, 0, 2048));
        }
        assertEquals(0xEF53, (head[1024 + 56] & 0xff) | (head[1024 + 57] & 0xff) << 8);
        Process p = new ProcessBuilder("dumpe2fs", "-h", disk.toString()).redirectErrorStream(true).start();
        String info = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor());
        assertTrue(info.contains("isobench-scratch") && info.contains("extent"), info);
    }

    @Test
    void anUnwritableDirectoryIsOneSentence(@TempDir Path dir) {
        RuntimeFailure f = assertThrows(RuntimeFailure.class, () -> ScratchDisk.create(dir.resolve("missing"), 1 << 20));
        assertTrue(f.getMessage().startsWith("cannot create the VM's scratch disk"), f.getMessage());
    }
}
