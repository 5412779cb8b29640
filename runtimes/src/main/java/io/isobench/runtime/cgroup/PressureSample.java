package io.isobench.runtime.cgroup;

/**
 * Counters of a running trial's cgroup that tell a workload stuck at its limits from a slow
 * one, read once a second by {@link io.isobench.runtime.launch.LimitWatch}. A field this host
 * cannot provide is -1.
 *
 * @param memoryLimitBytes   the memory limit (v1 {@code memory.limit_in_bytes}, v2 {@code memory.max}), -1 none
 * @param refaultedPages     pages read back in soon after they were evicted ({@code workingset_refault_*}
 *                           of {@code memory.stat}): with no swap, the file-backed pages of a program
 *                           squeezed under its limit (a JVM's code and class data) go round this loop
 * @param memoryFullStallUs  v2 only: time all tasks stalled on memory ({@code memory.pressure} "full total")
 * @param pidsLimit          {@code pids.max}, -1 none
 * @param pidsLimitHits      forks refused at {@code pids.max} ({@code pids.events} "max")
 */
public record PressureSample(long memoryLimitBytes, long refaultedPages, long memoryFullStallUs, long pidsLimit,
                             long pidsLimitHits) {
    public static final PressureSample UNKNOWN = new PressureSample(-1, -1, -1, -1, -1);

    /** Sum of the refault counters of a {@code memory.stat} (v1: the hierarchical {@code total_} ones when present). */
    static long refaults(java.util.Map<String, Long> stat) {
        String prefix = stat.containsKey("total_workingset_refault_file") ? "total_" : "";
        Long file = stat.get(prefix + "workingset_refault_file");
        Long anon = stat.get(prefix + "workingset_refault_anon");
        Long old = stat.get(prefix + "workingset_refault"); // before Linux 5.9: one counter
        if (file == null && anon == null) {
            return old == null ? -1 : old;
        }
        return (file == null ? 0 : file) + (anon == null ? 0 : anon);
    }

    /** The "full" stall total (microseconds) of a PSI file, -1 when absent. */
    static long fullStall(String psi) {
        for (String line : psi.split("\n")) {
            if (line.startsWith("full ")) {
                int t = line.indexOf("total=");
                if (t >= 0) {
                    return Long.parseLong(line.substring(t + 6).strip());
                }
            }
        }
        return -1;
    }

    static long limit(long value) {
        return value < 0 || value == Long.MAX_VALUE || value >= (1L << 60) ? -1 : value;
    }
}
