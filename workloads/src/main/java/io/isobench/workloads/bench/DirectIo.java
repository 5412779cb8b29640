package io.isobench.workloads.bench;

import com.sun.nio.file.ExtendedOpenOption;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * O_DIRECT ({@link ExtendedOpenOption#DIRECT}) where the filesystem allows it. tmpfs (before
 * Linux 6.6), overlayfs on some kernels and 9p refuse it; Java additionally requires the
 * buffer address, file position and length to be multiples of the filesystem's block size.
 * Whether it works is decided by trying exactly what the benchmark does: a 4 KiB read at a
 * 4 KiB-aligned position into a 4 KiB-aligned buffer.
 */
public final class DirectIo {
    public static final int BLOCK = 4096;

    private DirectIo() {
    }

    /** A direct buffer of {@link #BLOCK} bytes whose address is {@link #BLOCK}-aligned. */
    public static ByteBuffer alignedBlock() {
        return ByteBuffer.allocateDirect(2 * BLOCK).alignedSlice(BLOCK).limit(BLOCK).slice();
    }

    /** Null when O_DIRECT reads work in {@code dir}, else why not (one phrase). */
    public static String unsupportedReason(Path dir) {
        Path probe = dir.resolve(".isobench-direct-probe");
        try {
            Files.write(probe, new byte[2 * BLOCK]);
            try (FileChannel ch = FileChannel.open(probe, StandardOpenOption.READ, ExtendedOpenOption.DIRECT)) {
                int n = ch.read(alignedBlock(), BLOCK);
                return n == BLOCK ? null : "a direct read returned " + n + " bytes";
            }
        } catch (IOException | UnsupportedOperationException e) {
            return String.valueOf(e.getMessage());
        } finally {
            try {
                Files.deleteIfExists(probe);
            } catch (IOException ignored) {
                // Best effort: the scratch directory is the runtime's and is removed with the trial.
            }
        }
    }
}
