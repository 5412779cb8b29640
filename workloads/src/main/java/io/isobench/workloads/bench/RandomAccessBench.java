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
 * which is exactly what this exposes. The cycle visits every element before repeating (no
 * short loops that would fit in cache), in a pseudo-random order ({@link #cycle}).
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
        next = cycle(Math.toIntExact(mib * (1L << 20) / Integer.BYTES));
    }

    /**
     * One random cycle through all n elements: {@code next[π(k)] = π(k+1)} for a pseudo-random
     * permutation π of [0, n). Built this way, not by Sattolo's shuffle, because the shuffle's
     * n dependent random reads made the setup cost several times the measurement (10-20 s for
     * 256 MiB on the development VM, against 2-5 s here: the stores do not depend on each
     * other, so the CPU overlaps their misses). π needs n to be a power of two (every size the
     * suite uses); other sizes fall back to Sattolo.
     */
    static int[] cycle(int n) {
        int bits = Integer.numberOfTrailingZeros(n);
        if (Integer.bitCount(n) != 1 || bits < 8) {
            return sattolo(n);
        }
        int mask = n - 1;
        int[] next = new int[n];
        int first = permute(0, bits, mask);
        int previous = first;
        for (int k = 1; k < n; k++) {
            int current = permute(k, bits, mask);
            next[previous] = current;
            previous = current;
        }
        next[previous] = first;
        return next;
    }

    /**
     * A bijection of [0, 2^bits): multiplications by odd constants and right xor-shifts,
     * each invertible modulo 2^bits (bits >= 8 keeps every shift between 1 and bits - 1),
     * alternated so that neighbouring k land far apart.
     */
    static int permute(int x, int bits, int mask) {
        x = (x * 0x9E3779B1) & mask;
        x ^= x >>> (bits / 2 + 1);
        x = (x * 0x85EBCA6B) & mask;
        x ^= x >>> (bits / 3 + 1);
        x = (x * 0xC2B2AE35) & mask;
        x ^= x >>> (bits / 2);
        return x;
    }

    private static int[] sattolo(int n) {
        int[] next = new int[n];
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
        return next;
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
