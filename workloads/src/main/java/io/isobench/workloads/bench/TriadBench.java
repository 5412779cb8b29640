package io.isobench.workloads.bench;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * memory.triad: STREAM's triad {@code a[i] = b[i] + s * c[i]} on one thread over three
 * double arrays of {@link #mib} MiB each, far beyond any cache, so the loop is bound by
 * memory bandwidth. Bytes per op are counted as STREAM does: 24 per element (two loads,
 * one store; the write-allocate read is not counted).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class TriadBench {
    /** MiB per array; the driver sets it (32 quick, 128 normal). */
    @Param("128")
    public int mib;

    private double[] a;
    private double[] b;
    private double[] c;

    public static long elements(int mib) {
        return mib * (1L << 20) / Double.BYTES;
    }

    @Setup
    public void setup() {
        int n = Math.toIntExact(elements(mib));
        a = new double[n];
        b = new double[n];
        c = new double[n];
        // Touch every page now, so the measurement never includes first-touch faults.
        Arrays.fill(a, 0.5);
        Arrays.fill(b, 1.0);
        Arrays.fill(c, 2.0);
    }

    /** One op = one triad pass over all elements. */
    @Benchmark
    public double[] triad() {
        double[] a = this.a;
        double[] b = this.b;
        double[] c = this.c;
        double s = 3.0;
        for (int i = 0; i < a.length; i++) {
            a[i] = b[i] + s * c[i];
        }
        return a;
    }
}
