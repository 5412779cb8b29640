package io.isobench.workloads.bench;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * memory.random-access: pointer chasing through one random cycle over an int array of
 * {@link #mib} MiB. Each load's address is the previous load's value, so loads cannot
 * overlap and each costs a full cache miss plus, with 4 KiB pages, almost always a TLB
 * miss and a page walk: under a VM that walk is two-dimensional (guest and host tables),
 * which is exactly what this exposes. The cycle is built with Sattolo's algorithm, so it
 * visits every element before repeating (no short loops that would fit in cache).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RandomAccessBench {
    /** Dependent loads per benchmark call; JMH divides the time by it (score = ns per load). */
    public static final int STEPS = 1 << 16;

    /** MiB of the array; the driver sets it (64 quick, 256 normal). */
    @Param("256")
    public int mib;

    private int[] next;
    private int position;

    @Setup
    public void setup() {
        int n = Math.toIntExact(mib * (1L << 20) / Integer.BYTES);
        next = new int[n];
        for (int i = 0; i < n; i++) {
            next[i] = i;
        }
        SplittableRandom random = new SplittableRandom(42);
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i); // j < i: Sattolo, a single cycle
            int t = next[i];
            next[i] = next[j];
            next[j] = t;
        }
    }

    /** {@link #STEPS} dependent loads, continuing where the previous call stopped. */
    @Benchmark
    @OperationsPerInvocation(STEPS)
    public int chase() {
        int[] next = this.next;
        int p = position;
        for (int i = 0; i < STEPS; i++) {
            p = next[p];
        }
        position = p;
        return p;
    }
}
