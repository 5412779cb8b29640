package io.isobench.workloads.bench;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * io.seq-write: writes a new file of {@link #mib} MiB in 1 MiB sequential writes and fsyncs
 * it, like {@code dd bs=1M conv=fsync} or fio's {@code rw=write end_fsync=1}: the fsync makes
 * the figure the device's (or the virtual disk's) rather than the page cache's. The data is
 * random (incompressible). The last file is left in the scratch directory ({@link #FILE}),
 * where the harness can check the I/O it accounted and removes it with the trial.
 *
 * <p>Every op writes a new file, and the previous one is removed <em>outside</em> the timed
 * op ({@link #removePrevious}), its directory fsynced so that the journal commit freeing its
 * blocks happens there too. Until 2026-12 each op truncated the previous file itself: on a
 * filesystem mounted with {@code discard} (the development VMs' ext4 root is) the freed
 * 256 MiB were discarded in the commit of the op's own fsync, so the op timed the discard of
 * the last file plus the write of this one, and read 0.68x of fio for the same pattern.
 * Measured on 2026-12-03, 256 MiB, /var/tmp, the same JVM alternating: truncating inside the
 * op 302 MB/s (median of 4), removing outside 370 MB/s.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class SeqWriteBench {
    public static final String FILE = "seq-write.dat";
    public static final int CHUNK = 1 << 20;

    /** File size in MiB; the driver sets it (32 quick, 256 normal). */
    @Param("256")
    public int mib;

    private Path file;
    private ByteBuffer chunk;

    @Setup
    public void setup() {
        file = Scratch.dir().resolve(FILE);
        byte[] random = new byte[CHUNK];
        new SplittableRandom(7).nextBytes(random);
        chunk = ByteBuffer.allocateDirect(CHUNK).put(random).flip();
    }

    /** Untimed: the previous op's file goes, and its freed blocks are committed (and discarded) now. */
    @Setup(Level.Invocation)
    public void removePrevious() throws IOException {
        if (Files.deleteIfExists(file)) {
            try (FileChannel dir = FileChannel.open(file.getParent(), StandardOpenOption.READ)) {
                dir.force(true);
            }
        }
    }

    /** One op = one whole new file written and fsynced. */
    @Benchmark
    public long writeFile() throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            for (int i = 0; i < mib; i++) {
                chunk.rewind();
                while (chunk.hasRemaining()) {
                    ch.write(chunk);
                }
            }
            ch.force(true);
            return ch.size();
        }
    }
}
