package io.isobench.runtime.vm.guest;

import io.isobench.runtime.RuntimeFailure;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Cheap checks on a file that is supposed to be a Linux kernel, done before anything is
 * fetched or packed for it: is it a bzImage (boot header magic "HdrS" at 0x202) or an ELF
 * file, and which release does it say it is (used to find its modules). The full parse
 * happens later in {@code vm.boot.KernelImage}.
 */
public final class KernelFile {
    /** Offset of the setup header's "HdrS" magic (boot.rst). */
    static final int HEADER_MAGIC_OFFSET = 0x202;
    /** Offset of kernel_version: a pointer to a NUL-terminated string, minus 0x200. */
    static final int KERNEL_VERSION_OFFSET = 0x20E;
    /** Boot protocol version (u16). */
    static final int VERSION_OFFSET = 0x206;
    /** cmdline_size (u32): longest command line without the NUL, protocol 2.06+. */
    static final int CMDLINE_SIZE_OFFSET = 0x238;
    /** The first 64 KiB hold the real-mode setup, where kernel_version points into. */
    private static final int HEAD_BYTES = 64 * 1024;
    private static final Pattern ELF_BANNER = Pattern.compile("Linux version (\\S+) ");

    /** What a kernel file is. */
    public enum Format { BZIMAGE, ELF }

    private KernelFile() {
    }

    /**
     * The format of {@code file}.
     *
     * @throws RuntimeFailure with one sentence when it is missing, unreadable or not a kernel
     */
    public static Format format(Path file) throws RuntimeFailure {
        byte[] head = head(file);
        if (isElf(head)) {
            return Format.ELF;
        }
        if (isBzImage(head)) {
            return Format.BZIMAGE;
        }
        throw new RuntimeFailure(file + " is not a Linux kernel: it has neither a bzImage boot header"
                + " (\"HdrS\" at 0x202) nor an ELF header.");
    }

    /**
     * The kernel release ({@code uname -r}) the file announces: for a bzImage the setup
     * header's kernel_version string, for an ELF vmlinux its "Linux version" banner.
     */
    public static Optional<String> release(Path file) throws RuntimeFailure {
        Format format = format(file);
        if (format == Format.BZIMAGE) {
            return bzImageRelease(head(file));
        }
        try {
            // The banner sits in .rodata of an uncompressed vmlinux; a plain scan finds it.
            String text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
            Matcher m = ELF_BANNER.matcher(text);
            return m.find() ? Optional.of(m.group(1)) : Optional.empty();
        } catch (IOException e) {
            throw new RuntimeFailure("cannot read the kernel " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * The longest command line the kernel accepts, in bytes including the terminating NUL:
     * a bzImage's {@code cmdline_size} + 1 (boot protocol 2.06+), 256 for older ones, and
     * x86's COMMAND_LINE_SIZE (2048) for an ELF vmlinux, which carries no header saying so.
     */
    public static int commandLineLimit(Path file) throws RuntimeFailure {
        if (format(file) == Format.ELF) {
            return KernelCommandLine.COMMAND_LINE_SIZE;
        }
        byte[] head = head(file);
        if (head.length < CMDLINE_SIZE_OFFSET + 4) {
            return 256;
        }
        int version = (head[VERSION_OFFSET] & 0xff) | (head[VERSION_OFFSET + 1] & 0xff) << 8;
        if (version < 0x0206) {
            return 256;
        }
        long size = (head[CMDLINE_SIZE_OFFSET] & 0xffL) | (head[CMDLINE_SIZE_OFFSET + 1] & 0xffL) << 8
                | (head[CMDLINE_SIZE_OFFSET + 2] & 0xffL) << 16 | (head[CMDLINE_SIZE_OFFSET + 3] & 0xffL) << 24;
        return (int) Math.min(size + 1, 1 << 20);
    }

    static boolean isElf(byte[] head) {
        return head.length >= 4 && head[0] == 0x7f && head[1] == 'E' && head[2] == 'L' && head[3] == 'F';
    }

    static boolean isBzImage(byte[] head) {
        return head.length >= HEADER_MAGIC_OFFSET + 4
                && head[HEADER_MAGIC_OFFSET] == 'H' && head[HEADER_MAGIC_OFFSET + 1] == 'd'
                && head[HEADER_MAGIC_OFFSET + 2] == 'r' && head[HEADER_MAGIC_OFFSET + 3] == 'S';
    }

    static Optional<String> bzImageRelease(byte[] head) {
        if (head.length < KERNEL_VERSION_OFFSET + 2) {
            return Optional.empty();
        }
        int pointer = (head[KERNEL_VERSION_OFFSET] & 0xff) | (head[KERNEL_VERSION_OFFSET + 1] & 0xff) << 8;
        int start = pointer + 0x200;
        if (pointer == 0 || start >= head.length) {
            return Optional.empty();
        }
        int end = start;
        while (end < head.length && head[end] != 0 && head[end] != ' ') {
            end++;
        }
        String release = new String(head, start, end - start, StandardCharsets.US_ASCII);
        return release.isEmpty() ? Optional.empty() : Optional.of(release);
    }

    private static byte[] head(Path file) throws RuntimeFailure {
        if (!Files.isRegularFile(file)) {
            throw new RuntimeFailure("the kernel " + file + " does not exist or is not a regular file.");
        }
        try (InputStream in = Files.newInputStream(file)) {
            return in.readNBytes(HEAD_BYTES);
        } catch (IOException e) {
            throw new RuntimeFailure("cannot read the kernel " + file + ": " + e.getMessage(), e);
        }
    }
}
