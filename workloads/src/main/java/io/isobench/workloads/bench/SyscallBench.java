package io.isobench.workloads.bench;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;

/**
 * syscall.rate: {@code FileChannel.size()} on an open file, which is exactly one
 * {@code fstat(2)} per call (FileDispatcherImpl.size0; verified with {@code strace -c -f}:
 * N calls give N fstat and no other system call, see docs/workloads.md). It is about the
 * cheapest call that really enters the kernel each time (no vDSO shortcut, unlike
 * clock_gettime), so the figure is the kernel entry/exit cost, which seccomp filters,
 * Spectre mitigations and virtualisation all change. The file is the JRE's own
 * {@code lib/modules}, present in every image and needing no scratch directory.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class SyscallBench {
    private FileChannel channel;

    @Setup
    public void open() throws IOException {
        channel = FileChannel.open(Path.of(System.getProperty("java.home"), "lib", "modules"), StandardOpenOption.READ);
    }

    @TearDown
    public void close() throws IOException {
        channel.close();
    }

    /** One op = one fstat. */
    @Benchmark
    public long fstat() throws IOException {
        return channel.size();
    }
}
