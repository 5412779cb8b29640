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

class InitrdTest {
    @Test
    void aFileIsCopiedByteForByteInPieces(@TempDir Path dir) throws Exception {
        byte[] content = new byte[(3 << 20) + 12345];  // more than one piece, not a multiple of one
        new Random(42).nextBytes(content);
        Path file = Files.write(dir.resolve("initrd.cpio"), content);
        ArrayMemory mem = new ArrayMemory(8 << 20);
        Initrd initrd = Initrd.of(file);
        assertEquals(content.length, initrd.size());
        initrd.copyTo(mem, 4096);
        assertArrayEquals(content, Arrays.copyOfRange(mem.bytes, 4096, 4096 + content.length));
        assertEquals(0, mem.bytes[4095]);
        assertEquals(0, mem.bytes[4096 + content.length]);
    }

    @Test
    void aFileThatChangedSizeSinceItWasSizedIsAnError(@TempDir Path dir) throws Exception {
        Path file = Files.write(dir.resolve("initrd.cpio"), new byte[5000]);
        Initrd initrd = Initrd.of(file);
        Files.write(file, new byte[7000]);
        IOException e = assertThrows(IOException.class, () -> initrd.copyTo(new ArrayMemory(1 << 20), 0));
        assertTrue(e.getMessage().contains("changed size"), e.getMessage());
        Initrd shrunk = Initrd.of(file);
        Files.write(file, new byte[10]);
        assertThrows(IOException.class, () -> shrunk.copyTo(new ArrayMemory(1 << 20), 0));
    }

    @Test
    void aCopyPastTheEndOfGuestMemoryIsRefusedByTheMemory(@TempDir Path dir) throws Exception {
        Path file = Files.write(dir.resolve("initrd.cpio"), new byte[5000]);
        assertThrows(GuestAccessException.class, () -> Initrd.of(file).copyTo(new ArrayMemory(8192), 4096));
    }
}
