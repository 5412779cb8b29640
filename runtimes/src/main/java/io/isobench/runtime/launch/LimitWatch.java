package io.isobench.runtime.launch;

import io.isobench.runtime.cgroup.PressureSample;

/**
 * Tells, from one {@link PressureSample} a second, when a trial is stuck at its limits and
 * will not finish in reasonable time, so the harness can end it within seconds and say why:
 *
 * <ul>
 *   <li><b>Thrashing at the memory limit.</b> Without swap, a JVM squeezed under a too-small
 *   limit is not OOM-killed at once: the kernel evicts its file-backed pages (code, class
 *   data) and reads them back, over and over. Measured on this project's VM (2026-12-03, the
 *   image's JVM under 8 MiB, cgroup v1): 25,000–50,000 refaulted pages per second (100–200
 *   MB/s, 12–25 times the limit every second) for 20 s before the OOM kill; earlier runs
 *   of {@code isobench run --memory 8M} took up to 149 s per trial. The rule: for
 *   {@value #THRASH_SECONDS} seconds in a row, the pages read back in each second amount to
 *   at least the whole limit, or (v2) all tasks stalled on memory for at least half of each
 *   second (PSI {@code memory.pressure} "full"). A workload that merely works near its limit
 *   re-reads far less than its whole limit per second.</li>
 *   <li><b>Pids limit.</b> A fork bomb at {@code pids.max} never ends by itself: every fork
 *   that fails frees no slot. The rule: forks refused at the limit in
 *   {@value #PIDS_SECONDS} seconds in a row. (A trial that ends by itself after any refused
 *   fork fails with the same reason: {@code LauncherProcess}.)</li>
 * </ul>
 */
public final class LimitWatch {
    static final int THRASH_SECONDS = 3;
    static final int PIDS_SECONDS = 2;
    static final long PAGE_SIZE = 4096;

    private PressureSample last;
    private long lastNs;
    private int thrashingSeconds;
    private int pidsSeconds;

    /**
     * @return the failure reason once a limit is stuck ("thrashing at the memory limit (8 MiB)",
     * "pids limit (4096)"), else null
     */
    public String observe(PressureSample now, long nowNs) {
        PressureSample before = last;
        long elapsedNs = nowNs - lastNs;
        last = now;
        lastNs = nowNs;
        if (before == null || elapsedNs <= 0) {
            return null;
        }
        double seconds = elapsedNs / 1e9;
        boolean refaulting = now.memoryLimitBytes() > 0 && before.refaultedPages() >= 0 && now.refaultedPages() >= 0
                && (now.refaultedPages() - before.refaultedPages()) * PAGE_SIZE >= now.memoryLimitBytes() * seconds;
        boolean stalled = now.memoryLimitBytes() > 0 && before.memoryFullStallUs() >= 0 && now.memoryFullStallUs() >= 0
                && (now.memoryFullStallUs() - before.memoryFullStallUs()) >= elapsedNs / 1000 / 2;
        thrashingSeconds = refaulting || stalled ? thrashingSeconds + 1 : 0;
        if (thrashingSeconds >= THRASH_SECONDS) {
            return "thrashing at the memory limit (" + Sizes.format(now.memoryLimitBytes()) + ")";
        }
        boolean refused = before.pidsLimitHits() >= 0 && now.pidsLimitHits() > before.pidsLimitHits();
        pidsSeconds = refused ? pidsSeconds + 1 : 0;
        if (pidsSeconds >= PIDS_SECONDS) {
            return pidsLimit(now);
        }
        return null;
    }

    /** The reason for a trial that hit its pids limit. */
    static String pidsLimit(PressureSample s) {
        return "pids limit (" + (s.pidsLimit() < 0 ? "unknown" : Long.toString(s.pidsLimit())) + ")";
    }
}
