package io.isobench.runtime.vm.guest;

import io.isobench.runtime.RuntimeFailure;
import io.isobench.runtime.launch.CacheRoot;
import org.apache.commons.compress.compressors.lz4.BlockLZ4CompressorInputStream;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.zip.GZIPInputStream;

/**
 * The uncompressed ELF {@code vmlinux} inside a bzImage, for the monitors that boot only that:
 * Firecracker (its 64-bit ELF entry) and Cloud Hypervisor (the PVH entry of the ELF note
 * {@code XEN_ELFNOTE_PHYS32_ENTRY}). isobench's guest kernel is Debian's bzImage; its
 * protected-mode part carries the compressed vmlinux as its payload ({@code payload_offset} and
 * {@code payload_length} of the setup header, boot protocol 2.08+), which is unpacked here once
 * per kernel (keyed by the bzImage's SHA-256) into {@code <cache>/vmlinux/} and checked to be a
 * 64-bit x86 ELF file. So the kernel these monitors boot is byte for byte the one the bzImage's
 * own decompressor would have made, not a second kernel build.
 *
 * <p>Payload formats: LZ4 in its legacy frame (Debian's {@code CONFIG_KERNEL_LZ4}: magic
 * {@code 0x184C2102}, then blocks each preceded by its compressed size, and, as every kernel
 * payload, the uncompressed size in the last four bytes, checked here) and gzip. Others (xz,
 * zstd, lzma, bzip2, lzo) are refused in one sentence naming the format: pass an ELF vmlinux
 * as the kernel then.
 */
public final class ElfKernel {
    static final int SETUP_SECTS_OFFSET = 0x1F1;
    static final int PAYLOAD_OFFSET = 0x248;
    static final int PAYLOAD_LENGTH = 0x24C;
    static final int LZ4_LEGACY_MAGIC = 0x184C2102;
    /** ELF note type of the PVH 32-bit entry point (xen/include/public/elfnote.h). */
    static final int XEN_ELFNOTE_PHYS32_ENTRY = 18;

    private ElfKernel() {
    }

    /**
     * {@code kernel} itself when it is already ELF, else its payload unpacked into the cache
     * (once; later calls find it there).
     */
    public static Path of(Path kernel) throws RuntimeFailure {
        return of(kernel, CacheRoot.get().resolve("vmlinux"));
    }

    static Path of(Path kernel, Path cacheDir) throws RuntimeFailure {
        if (KernelFile.format(kernel) == KernelFile.Format.ELF) {
            return kernel;
        }
        try {
            byte[] image = Files.readAllBytes(kernel);
            Path cached = cacheDir.resolve("vmlinux-" + sha256(image).substring(0, 24));
            if (Files.isRegularFile(cached)) {
                return cached;
            }
            byte[] elf = unpack(image, kernel);
            checkElf(elf, kernel);
            Files.createDirectories(cacheDir);
            Path tmp = Files.createTempFile(cacheDir, "vmlinux-", ".tmp");
            try {
                Files.write(tmp, elf);
                Files.move(tmp, cached, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(tmp);
            }
            return cached;
        } catch (IOException e) {
            throw new RuntimeFailure("cannot unpack the ELF vmlinux of " + kernel + ": " + e.getMessage(), e);
        }
    }

    /** The bzImage's payload, decompressed. */
    static byte[] unpack(byte[] image, Path kernel) throws RuntimeFailure, IOException {
        ByteBuffer b = ByteBuffer.wrap(image).order(ByteOrder.LITTLE_ENDIAN);
        if (image.length < PAYLOAD_LENGTH + 4 || b.getShort(0x206) < 0x0208) {
            throw new RuntimeFailure(kernel + " is a bzImage older than boot protocol 2.08: it does not say where its payload is.");
        }
        int setupSects = image[SETUP_SECTS_OFFSET] & 0xff;
        long start = (long) ((setupSects == 0 ? 4 : setupSects) + 1) * 512 + Integer.toUnsignedLong(b.getInt(PAYLOAD_OFFSET));
        long length = Integer.toUnsignedLong(b.getInt(PAYLOAD_LENGTH));
        if (length < 8 || start + length > image.length) {
            throw new RuntimeFailure(kernel + ": its payload (offset " + start + ", " + length + " bytes) lies outside the file.");
        }
        byte[] payload = java.util.Arrays.copyOfRange(image, (int) start, (int) (start + length));
        ByteBuffer p = ByteBuffer.wrap(payload).order(ByteOrder.LITTLE_ENDIAN);
        long expected = Integer.toUnsignedLong(p.getInt(payload.length - 4));
        byte[] out;
        if (p.getInt(0) == LZ4_LEGACY_MAGIC) {
            out = lz4Legacy(p, payload.length - 4);
        } else if ((payload[0] & 0xff) == 0x1f && (payload[1] & 0xff) == 0x8b) {
            try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(payload))) {
                out = in.readAllBytes();
            }
        } else {
            throw new RuntimeFailure(kernel + "'s payload is compressed with " + formatName(payload)
                    + ", which isobench does not unpack (LZ4 and gzip only): pass an uncompressed ELF vmlinux as the kernel.");
        }
        if (out.length != expected) {
            throw new RuntimeFailure(kernel + "'s payload unpacked to " + out.length + " bytes, but the kernel says "
                    + expected + ": not a kernel payload isobench understands.");
        }
        return out;
    }

    /** LZ4's legacy frame: after the magic, independent blocks, each preceded by its compressed size. */
    private static byte[] lz4Legacy(ByteBuffer p, int end) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 << 20);
        int pos = 4;
        while (pos + 4 <= end) {
            int size = p.getInt(pos);
            pos += 4;
            if (size == LZ4_LEGACY_MAGIC) {
                continue; // a concatenated stream
            }
            if (size <= 0 || pos + size > end) {
                throw new IOException("an LZ4 block of " + Integer.toUnsignedString(size) + " bytes at " + (pos - 4)
                        + " runs past the payload");
            }
            try (InputStream in = new BlockLZ4CompressorInputStream(new ByteArrayInputStream(p.array(), pos, size))) {
                in.transferTo(out);
            }
            pos += size;
        }
        return out.toByteArray();
    }

    private static String formatName(byte[] d) {
        int b0 = d[0] & 0xff, b1 = d[1] & 0xff;
        if (b0 == 0xfd && b1 == '7') {
            return "xz";
        }
        if (b0 == 0x28 && b1 == 0xb5) {
            return "zstd";
        }
        if (b0 == 'B' && b1 == 'Z') {
            return "bzip2";
        }
        if (b0 == 0x89 && b1 == 'L') {
            return "lzo";
        }
        if (b0 == 0x5d) {
            return "lzma";
        }
        return "an unknown format (first bytes " + HexFormat.of().formatHex(d, 0, 4) + ")";
    }

    /** A 64-bit little-endian x86-64 executable: what both monitors load. */
    static void checkElf(byte[] elf, Path kernel) throws RuntimeFailure {
        ByteBuffer b = ByteBuffer.wrap(elf).order(ByteOrder.LITTLE_ENDIAN);
        if (elf.length < 64 || !KernelFile.isElf(elf) || elf[4] != 2 || elf[5] != 1 || b.getShort(18) != 62) {
            throw new RuntimeFailure(kernel + "'s payload is not a 64-bit x86-64 ELF file.");
        }
    }

    /**
     * Whether the ELF kernel has a PVH entry point (the note {@code XEN_ELFNOTE_PHYS32_ENTRY},
     * {@code CONFIG_PVH}): Cloud Hypervisor boots a vmlinux only through it.
     */
    public static boolean hasPvhEntry(Path elfKernel) throws RuntimeFailure {
        // Only the header, the program headers and the note segments are read, not the ~60 MB.
        try (FileChannel ch = FileChannel.open(elfKernel, StandardOpenOption.READ)) {
            byte[] header = read(ch, 0, 64);
            checkElf(header, elfKernel);
            ByteBuffer h = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN);
            long phoff = h.getLong(32);
            int phentsize = Short.toUnsignedInt(h.getShort(54));
            int phnum = Short.toUnsignedInt(h.getShort(56));
            if (phentsize < 56) {
                return false;
            }
            ByteBuffer ph = ByteBuffer.wrap(read(ch, phoff, Math.multiplyExact(phnum, phentsize))).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < phnum; i++) {
                int at = i * phentsize;
                long size = ph.getLong(at + 32);
                if (ph.getInt(at) != 4 || size > (1 << 20)) { // PT_NOTE, of a sane size
                    continue;
                }
                ByteBuffer n = ByteBuffer.wrap(read(ch, ph.getLong(at + 8), (int) size)).order(ByteOrder.LITTLE_ENDIAN);
                int pos = 0;
                while (pos + 12 <= n.capacity()) {
                    long nameSize = Integer.toUnsignedLong(n.getInt(pos));
                    long descSize = Integer.toUnsignedLong(n.getInt(pos + 4));
                    int type = n.getInt(pos + 8);
                    if (nameSize == 4 && pos + 16 <= n.capacity() && type == XEN_ELFNOTE_PHYS32_ENTRY
                            && n.get(pos + 12) == 'X' && n.get(pos + 13) == 'e' && n.get(pos + 14) == 'n' && n.get(pos + 15) == 0) {
                        return true;
                    }
                    pos = Math.toIntExact(pos + 12 + align4(nameSize) + align4(descSize));
                }
            }
            return false;
        } catch (IOException | ArithmeticException | IndexOutOfBoundsException e) {
            throw new RuntimeFailure("cannot read the ELF notes of " + elfKernel + ": " + e.getMessage(), e);
        }
    }

    private static byte[] read(FileChannel ch, long offset, int length) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(length);
        while (b.hasRemaining()) {
            if (ch.read(b, offset + b.position()) < 0) {
                throw new IOException("the file ends before byte " + (offset + length));
            }
        }
        return b.array();
    }

    private static long align4(long n) {
        return (n + 3) & ~3L;
    }
    private static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
