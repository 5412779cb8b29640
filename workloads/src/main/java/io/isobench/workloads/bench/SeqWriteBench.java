package io.isobench.workloads.bench;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * io.seq-write: writes a new file of {@link #mib} MiB in 1 MiB sequential writes and fsyncs
 * it, like {@code dd bs=1M conv=fsync}: the fsync makes the figure the device's (or the
 * virtual disk's) rather than the page cache's. Each op truncates the previous file first,
 * so every op allocates fresh blocks. The data is random (incompressible). The last file is
 * left in the scratch directory ({@link #FILE}), where the harness can check the I/O it
 * accounted and removes it with the trial.
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

    /** One op = one whole file written and fsynced. */
    @Benchmark
    public long writeFile() throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
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
