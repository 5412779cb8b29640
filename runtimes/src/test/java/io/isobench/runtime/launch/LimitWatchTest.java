package io.isobench.runtime.launch;

import io.isobench.runtime.cgroup.PressureSample;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The rules of {@link LimitWatch} on made-up samples one second apart (the real thing: ContainerLimitsTest). */
class LimitWatchTest {
    static final long S = 1_000_000_000L;
    static final long LIMIT = 8L << 20; // 2048 pages

    static PressureSample memory(long refaults, long stallUs) {
        return new PressureSample(LIMIT, refaults, stallUs, 4096, 0);
    }

    static PressureSample pids(long hits) {
        return new PressureSample(-1, -1, -1, 64, hits);
    }

    @Test
    void refaultingTheWholeLimitEverySecondForThreeSecondsIsThrashing() {
        LimitWatch w = new LimitWatch();
        assertNull(w.observe(memory(0, -1), 0));
        assertNull(w.observe(memory(30_000, -1), S));
        assertNull(w.observe(memory(60_000, -1), 2 * S));
        assertEquals("thrashing at the memory limit (8 MiB)", w.observe(memory(90_000, -1), 3 * S));
    }

    @Test
    void refaultsBelowTheLimitPerSecondOrAPauseAreNot() {
        LimitWatch w = new LimitWatch();
        long r = 0;
        for (int i = 0; i <= 20; i++) {
            r += 2000; // just under 2048 pages a second: busy near the limit, not thrashing
            assertNull(w.observe(memory(r, -1), i * S));
        }
        LimitWatch paused = new LimitWatch();
        long[] refaults = {0, 5000, 10_000, 10_000, 15_000, 20_000, 20_000};
        for (int i = 0; i < refaults.length; i++) {
            assertNull(paused.observe(memory(refaults[i], -1), i * S), "a quiet second resets the count");
        }
    }

    @Test
    void psiFullStallOverHalfOfEverySecondIsThrashingOnV2() {
        LimitWatch w = new LimitWatch();
        assertNull(w.observe(memory(0, 0), 0));
        assertNull(w.observe(memory(0, 600_000), S));
        assertNull(w.observe(memory(0, 1_200_000), 2 * S));
        assertEquals("thrashing at the memory limit (8 MiB)", w.observe(memory(0, 1_800_000), 3 * S));
        LimitWatch light = new LimitWatch();
        for (int i = 0; i < 10; i++) {
            assertNull(light.observe(memory(0, i * 400_000L), i * S));
        }
    }

    @Test
    void forksRefusedTwoSecondsInARowAreAPidsLimit() {
        LimitWatch w = new LimitWatch();
        assertNull(w.observe(pids(0), 0));
        assertNull(w.observe(pids(500), S));
        assertEquals("pids limit (64)", w.observe(pids(900), 2 * S));
        LimitWatch once = new LimitWatch();
        assertNull(once.observe(pids(0), 0));
        assertNull(once.observe(pids(3), S));
        assertNull(once.observe(pids(3), 2 * S));
        assertNull(once.observe(pids(3), 3 * S), "one burst of refused forks the program survived is not stuck");
    }

    @Test
    void unknownCountersNeverTrigger() {
        LimitWatch w = new LimitWatch();
        for (int i = 0; i < 10; i++) {
            assertNull(w.observe(PressureSample.UNKNOWN, i * S));
        }
    }
}
