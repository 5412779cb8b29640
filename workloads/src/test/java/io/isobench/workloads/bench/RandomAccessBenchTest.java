package io.isobench.workloads.bench;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RandomAccessBenchTest {
    /** The chase must visit every element once before it repeats, or part of the array would be cache-resident. */
    @Test
    void theCycleIsOneLoopThroughEveryElementForEverySize() {
        for (int n : new int[]{1 << 8, 1 << 12, 1 << 16, 1 << 20, 1 << 22, 1000, 3, 1}) {
            int[] next = RandomAccessBench.cycle(n);
            boolean[] seen = new boolean[n];
            int p = 0;
            for (int i = 0; i < n; i++) {
                assertTrue(!seen[p], "element " + p + " visited twice before the cycle closed (n=" + n + ")");
                seen[p] = true;
                p = next[p];
            }
            assertEquals(0, p, "the cycle closes after n steps (n=" + n + ")");
        }
    }

    /** Consecutive loads must land far apart: neighbours in the cycle should not be neighbours in memory. */
    @Test
    void stepsLandFarApart() {
        int n = 1 << 20;
        int[] next = RandomAccessBench.cycle(n);
        int near = 0;
        for (int i = 0; i < n; i++) {
            if (Math.abs(next[i] - i) < 1024) { // within the same 4 KiB page
                near++;
            }
        }
        assertTrue(near < n / 200, near + " of " + n + " steps stay within a page");
    }
}
