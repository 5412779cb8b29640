package io.isobench.runtime.vm.boot;

import io.isobench.runtime.vm.devices.virtio.ArrayMemory;
import io.isobench.runtime.vm.devices.virtio.GuestAccessException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BootFileTest {
    private static final byte[] CONTENT = new byte[(3 << 20) + 12345];  // more than one piece, not a multiple of one

    static {
        new Random(42).nextBytes(CONTENT);
    }

    @Test
    void aFileOnDiskAndTheSameBytesInMemoryReadAndCopyAlike(@TempDir Path dir) throws Exception {
        Path path = Files.write(dir.resolve("initrd.cpio"), CONTENT);
        for (BootFile file : new BootFile[] {BootFile.of(path), BootFile.of(CONTENT)}) {
            assertEquals(CONTENT.length, file.size());
            assertArrayEquals(Arrays.copyOfRange(CONTENT, 100, 164), file.read(100, 64));
            ArrayMemory mem = new ArrayMemory(8 << 20);
            file.copyTo(mem, 4096);
            assertArrayEquals(CONTENT, Arrays.copyOfRange(mem.bytes, 4096, 4096 + CONTENT.length));
            assertEquals(0, mem.bytes[4095]);
            assertEquals(0, mem.bytes[4096 + CONTENT.length]);
            // A range from the middle, crossing a piece boundary.
            ArrayMemory part = new ArrayMemory(4 << 20);
            file.copyTo(part, 0, (1 << 20) - 10, (1 << 20) + 20);
            assertArrayEquals(Arrays.copyOfRange(CONTENT, (1 << 20) - 10, (2 << 20) + 10),
                    Arrays.copyOfRange(part.bytes, 0, (1 << 20) + 20));
        }
    }

    @Test
    void aFileThatChangedSizeSinceItWasSizedIsAnError(@TempDir Path dir) throws Exception {
        Path path = Files.write(dir.resolve("initrd.cpio"), new byte[5000]);
        BootFile file = BootFile.of(path);
        Files.write(path, new byte[7000]);
        IOException e = assertThrows(IOException.class, () -> file.copyTo(new ArrayMemory(1 << 20), 0));
        assertTrue(e.getMessage().contains("changed size"), e.getMessage());
        BootFile shrunk = BootFile.of(path);
        Files.write(path, new byte[10]);
        assertThrows(IOException.class, () -> shrunk.copyTo(new ArrayMemory(1 << 20), 0));
        assertThrows(IOException.class, () -> shrunk.read(0, 64));
    }

    @Test
    void aCopyPastTheEndOfGuestMemoryIsRefusedByTheMemory(@TempDir Path dir) throws Exception {
        Path path = Files.write(dir.resolve("initrd.cpio"), new byte[5000]);
        assertThrows(GuestAccessException.class, () -> BootFile.of(path).copyTo(new ArrayMemory(8192), 4096));
    }
}
