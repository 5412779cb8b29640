package io.isobench.workloads.bench;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * cpu.matmul: every available CPU multiplies its own pair of N x N double matrices (JMH runs
 * one benchmark thread per CPU, set by the driver; each thread has its own state, so there
 * is no sharing and no locking: the figure scales with the CPUs the runtime really gives).
 * i-k-j loop order over flat arrays, which C2 vectorises; 3 x 512 KiB per thread.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class MatmulBench {
    public static final int N = 256;
    /** Floating-point operations of one multiply: N^3 multiply-adds. */
    public static final double FLOPS_PER_OP = 2.0 * N * N * N;

    private double[] a;
    private double[] b;
    private double[] c;

    @Setup
    public void setup() {
        SplittableRandom random = new SplittableRandom(Thread.currentThread().getId());
        a = random.doubles(N * N, -1, 1).toArray();
        b = random.doubles(N * N, -1, 1).toArray();
        c = new double[N * N];
    }

    /** One op = C = A x B. */
    @Benchmark
    public double[] multiply() {
        double[] a = this.a;
        double[] b = this.b;
        double[] c = this.c;
        Arrays.fill(c, 0);
        for (int i = 0; i < N; i++) {
            int row = i * N;
            for (int k = 0; k < N; k++) {
                double aik = a[row + k];
                int bRow = k * N;
                for (int j = 0; j < N; j++) {
                    c[row + j] += aik * b[bRow + j];
                }
            }
        }
        return c;
    }
}
