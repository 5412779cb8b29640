package io.isobench.runtime.vm.guest;

import io.isobench.runtime.RuntimeFailure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ElfKernelTest {
    /**
     * The real Debian cloud kernel isobench boots (LZ4 payload): its vmlinux comes out as a
     * 64-bit x86 ELF with the PVH note, announces the same release as the bzImage's header,
     * and the second call finds it in the cache.
     */
    @Test
    void unpacksTheDebianKernelsVmlinux(@TempDir Path cache) throws Exception {
        GuestKernel kernel = GuestKernel.resolve(null);
        Path elf = ElfKernel.of(kernel.image(), cache);
        assertTrue(elf.startsWith(cache), elf.toString());
        assertEquals(KernelFile.Format.ELF, KernelFile.format(elf));
        assertEquals(Optional.of(kernel.release()), KernelFile.release(elf));
        assertTrue(Files.size(elf) > 2 * Files.size(kernel.image()), "unpacked " + Files.size(elf) + " bytes");
        assertTrue(ElfKernel.hasPvhEntry(elf), "Debian's kernel has CONFIG_PVH=y");
        long modified = Files.getLastModifiedTime(elf).toMillis();
        assertEquals(elf, ElfKernel.of(kernel.image(), cache));
        assertEquals(modified, Files.getLastModifiedTime(elf).toMillis());
        // An ELF kernel is used as it is.
        assertEquals(elf, ElfKernel.of(elf, cache.resolve("other")));
    }

    @Test
    void unpacksAGzipPayloadAndChecksItsSize(@TempDir Path dir) throws Exception {
        byte[] elf = tinyElf();
        Path k = dir.resolve("vmlinuz");
        Files.write(k, bzImage(gzip(elf), elf.length));
        Path out = ElfKernel.of(k, dir.resolve("cache"));
        assertArrayEquals(elf, Files.readAllBytes(out));
        assertFalse(ElfKernel.hasPvhEntry(out));

        Files.write(k, bzImage(gzip(elf), elf.length + 1));
        RuntimeFailure f = assertThrows(RuntimeFailure.class, () -> ElfKernel.of(k, dir.resolve("cache2")));
        assertTrue(f.getMessage().contains("unpacked to " + elf.length + " bytes, but the kernel says " + (elf.length + 1)),
                f.getMessage());
    }

    @Test
    void refusesPayloadsItCannotUnpackOrThatAreNoElf(@TempDir Path dir) throws Exception {
        Path k = dir.resolve("vmlinuz");
        byte[] xz = {(byte) 0xfd, '7', 'z', 'X', 'Z', 0, 0, 0, 0, 0, 0, 0};
        Files.write(k, bzImage(xz, 100));
        RuntimeFailure f = assertThrows(RuntimeFailure.class, () -> ElfKernel.of(k, dir.resolve("c")));
        assertTrue(f.getMessage().contains("compressed with xz") && f.getMessage().contains("ELF vmlinux"), f.getMessage());

        byte[] text = "not an elf file".getBytes(StandardCharsets.US_ASCII);
        Files.write(k, bzImage(gzip(text), text.length));
        f = assertThrows(RuntimeFailure.class, () -> ElfKernel.of(k, dir.resolve("c")));
        assertTrue(f.getMessage().contains("not a 64-bit x86-64 ELF"), f.getMessage());
        assertFalse(Files.exists(dir.resolve("c")) && Files.list(dir.resolve("c")).findAny().isPresent(), "nothing cached");
    }

    /** An ELF64 x86-64 header and nothing else: no program headers, so no notes. */
    private static byte[] tinyElf() {
        ByteBuffer b = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1});
        b.putShort(16, (short) 2).putShort(18, (short) 62).putShort(52, (short) 64).putShort(54, (short) 56);
        return b.array();
    }

    /** A bzImage of 1 setup sector + the boot sector, protocol 2.15, with {@code payload} and its size trailer. */
    private static byte[] bzImage(byte[] payload, int unpackedSize) {
        int pm = 2 * 512;
        ByteBuffer b = ByteBuffer.allocate(pm + 16 + payload.length + 4).order(ByteOrder.LITTLE_ENDIAN);
        b.put(ElfKernel.SETUP_SECTS_OFFSET, (byte) 1);
        b.put(0x202, (byte) 'H').put(0x203, (byte) 'd').put(0x204, (byte) 'r').put(0x205, (byte) 'S');
        b.putShort(0x206, (short) 0x020F);
        b.putInt(ElfKernel.PAYLOAD_OFFSET, 16).putInt(ElfKernel.PAYLOAD_LENGTH, payload.length + 4);
        b.put(pm + 16, payload).putInt(pm + 16 + payload.length, unpackedSize);
        return b.array();
    }

    private static byte[] gzip(byte[] data) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        }
        return out.toByteArray();
    }
}
