package io.isobench.workloads.bench;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import sun.misc.Unsafe;

import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * memory.page-faults: the cost of touching freshly mapped anonymous memory, one write per
 * 4 KiB page. Before each call a new 64 MiB region is allocated outside the Java heap
 * ({@code Unsafe.allocateMemory} = malloc, which for a request this size always takes a
 * fresh {@code mmap}: it is above glibc's largest mmap threshold, 32 MiB); after the call it
 * is freed ({@code munmap}). Both happen outside the timed region, so the score is the
 * first-touch fault: trap, page allocation and zeroing, page-table update (in a VM also the
 * host's fault on first use of guest memory, or an EPT/NPT violation).
 *
 * <p>The kernel's transparent huge pages policy changes what one fault covers; with THP
 * "always" one fault maps 2 MiB. So the minor faults are counted too (from
 * {@code /proc/thread-self/stat}, outside the timed region) and reported as faults per
 * page, which says which case was measured.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class PageFaultBench {
    public static final int PAGE = 4096;
    public static final long BYTES = 64L << 20;
    public static final int PAGES = (int) (BYTES / PAGE);

    private static final Unsafe UNSAFE = unsafe();

    /** One write to each page of the fresh region; JMH divides by {@link #PAGES}. */
    @Benchmark
    @OperationsPerInvocation(PAGES)
    public void touch(Region region) {
        long base = region.address;
        for (long p = 0; p < PAGES; p++) {
            UNSAFE.putByte(base + p * PAGE, (byte) 1);
        }
    }

    /**
     * The fresh region of each call, and the minor faults taken while touching it as JMH
     * secondary results (summed; the driver reports {@code minorFaults / pagesTouched}).
     * Both counters stay 0 when /proc is unreadable. (JMH wants the counters and the
     * per-call helpers in one state object.)
     */
    @AuxCounters(AuxCounters.Type.EVENTS)
    @State(Scope.Thread)
    public static class Region {
        public long minorFaults;
        public long pagesTouched;
        private long address;
        private long faultsBefore;

        @Setup(Level.Iteration)
        public void reset() {
            minorFaults = 0;
            pagesTouched = 0;
        }

        @Setup(Level.Invocation)
        public void map() {
            address = UNSAFE.allocateMemory(BYTES);
            faultsBefore = minorFaultsOfThisThread();
        }

        @TearDown(Level.Invocation)
        public void unmap() {
            long faultsAfter = minorFaultsOfThisThread();
            if (faultsBefore >= 0 && faultsAfter >= 0) {
                minorFaults += faultsAfter - faultsBefore;
                pagesTouched += PAGES;
            }
            UNSAFE.freeMemory(address);
            address = 0;
        }
    }

    /** Field 10 (minflt) of /proc/thread-self/stat, or -1 when it cannot be read. */
    static long minorFaultsOfThisThread() {
        try {
            String stat = new String(Files.readAllBytes(Path.of("/proc/thread-self/stat")), StandardCharsets.US_ASCII);
            // The command name (field 2) may hold spaces and parentheses: count from the last ')'.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[10 - 3]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static Unsafe unsafe() {
        try {
            Field f = Unsafe.class.getDeclaredField("theUnsafe");
            f.setAccessible(true);
            return (Unsafe) f.get(null);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("sun.misc.Unsafe is not available (module jdk.unsupported missing?)", e);
        }
    }
}
