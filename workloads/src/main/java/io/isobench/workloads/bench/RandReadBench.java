package io.isobench.workloads.bench;

import com.sun.nio.file.ExtendedOpenOption;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * io.rand-read: 4 KiB reads ({@code pread}) at uniformly random 4 KiB-aligned offsets of a
 * {@link #mib} MiB file written (and fsynced) in the setup.
 *
 * <p>Page cache: an unprivileged process cannot drop caches, and the file was just written,
 * so buffered reads would all be cache hits. With {@code direct=true} (O_DIRECT, decided by
 * the driver with {@link DirectIo}) each read bypasses this kernel's page cache and goes to
 * the block device: the figure is device (or virtual disk) IOPS at queue depth 1. With
 * {@code direct=false} it is the cost of a cached read: syscall plus 4 KiB copy. The driver
 * names the metric after the mode so the two are never compared with each other.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class RandReadBench {
    public static final String FILE = "rand-read.dat";

    /** File size in MiB; the driver sets it (32 quick, 256 normal). */
    @Param("256")
    public int mib;
    /** Open with O_DIRECT; the driver sets it after probing the scratch filesystem. */
    @Param("true")
    public boolean direct;

    private FileChannel channel;
    private ByteBuffer block;
    private long blocks;
    private final SplittableRandom random = new SplittableRandom(3);

    @Setup
    public void setup() throws IOException {
        Path file = Scratch.dir().resolve(FILE);
        byte[] data = new byte[1 << 20];
        new SplittableRandom(5).nextBytes(data);
        ByteBuffer chunk = ByteBuffer.wrap(data);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            for (int i = 0; i < mib; i++) {
                chunk.rewind();
                while (chunk.hasRemaining()) {
                    ch.write(chunk);
                }
            }
            ch.force(true);
        }
        OpenOption[] options = direct
                ? new OpenOption[]{StandardOpenOption.READ, ExtendedOpenOption.DIRECT}
                : new OpenOption[]{StandardOpenOption.READ};
        channel = FileChannel.open(file, options);
        block = DirectIo.alignedBlock();
        blocks = (long) mib * (1 << 20) / DirectIo.BLOCK;
    }

    @TearDown
    public void close() throws IOException {
        channel.close();
    }

    /** One op = one 4 KiB read at a random block. */
    @Benchmark
    public int read() throws IOException {
        block.clear();
        int n = channel.read(block, random.nextLong(blocks) * DirectIo.BLOCK);
        if (n != DirectIo.BLOCK) {
            throw new IOException("short read: " + n + " bytes");
        }
        return n;
    }
}
