package io.isobench.reports.analysis;

import io.isobench.model.Trial;
import io.isobench.model.VmStats;
import io.isobench.reports.stats.Distribution;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * What only VM trials have, per runtime and workload: the medians of guest RAM, the guest
 * memory the host really backed (touched), the monitor's own memory (its RSS minus touched)
 * and the KVM exits, in total and by reason. Only trials that count in the statistics
 * enter (no warm-ups, no failures), like every other figure of the reports.
 *
 * @param trials               how many VM trials the medians are over
 * @param exits                median of each trial's total exit count
 * @param exitsByReason        median count per exit reason (0 for a trial without that reason), largest first
 */
public record VmSummary(String runtime, String workload, int trials, double guestMemoryBytes, double touchedBytes,
                        double monitorOverheadBytes, double exits, Map<String, Double> exitsByReason) {

    /** What the columns of a VM table mean, said once under it. */
    public static final String EXPLANATION = "Medians over the measured VM trials. Touched guest memory is the part of the "
            + "guest's RAM the host really backed; monitor overhead is the monitor process's resident memory minus that, "
            + "i.e. what the monitor itself costs. Exits are KVM exits, by reason (io: port I/O, mmio: memory-mapped I/O, "
            + "hlt: an idle vCPU, intr: the monitor's own kick).";

    /**
     * For context next to the monitor overhead: what the best-known microVM monitor promises.
     * Firecracker's SPECIFICATION.md: at most 5 MiB for its VMM threads, running 1 vCPU and 128 MiB of RAM.
     */
    public static final String FIRECRACKER_CONTEXT = "For context: Firecracker's specification promises a monitor "
            + "memory overhead of at most 5 MiB for a microVM with 1 vCPU and 128 MiB of RAM.";

    public VmSummary {
        exitsByReason = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(exitsByReason));
    }

    /** One row per runtime and workload that has VM trials, in the order the trials first appear. */
    public static List<VmSummary> of(List<Trial> trials) {
        Map<String, Map<String, List<VmStats>>> byWorkload = new LinkedHashMap<>();
        for (Trial t : trials) {
            if (t.countsInStatistics() && t.vm() != null) {
                byWorkload.computeIfAbsent(t.workload(), k -> new LinkedHashMap<>())
                        .computeIfAbsent(t.runtime(), k -> new ArrayList<>()).add(t.vm());
            }
        }
        List<VmSummary> out = new ArrayList<>();
        byWorkload.forEach((workload, byRuntime) -> byRuntime.forEach((runtime, stats) -> out.add(of(runtime, workload, stats))));
        return out;
    }

    private static VmSummary of(String runtime, String workload, List<VmStats> stats) {
        TreeSet<String> reasons = new TreeSet<>();
        stats.forEach(s -> reasons.addAll(s.exits().keySet()));
        Map<String, Double> byReason = new LinkedHashMap<>();
        reasons.stream()
                .map(r -> Map.entry(r, median(stats, s -> s.exits().getOrDefault(r, 0L))))
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed()) // stable: ties stay by name
                .forEach(e -> byReason.put(e.getKey(), e.getValue()));
        return new VmSummary(runtime, workload, stats.size(),
                median(stats, VmStats::guestMemoryBytes), median(stats, VmStats::touchedBytes),
                median(stats, VmStats::monitorOverheadBytes),
                median(stats, s -> s.exits().values().stream().mapToLong(Long::longValue).sum()),
                byReason);
    }

    private static double median(List<VmStats> stats, java.util.function.ToLongFunction<VmStats> field) {
        return Distribution.median(stats.stream().mapToDouble(s -> (double) field.applyAsLong(s)).toArray());
    }

    /** Exits by reason for people: "io 1200, mmio 800, hlt 300". */
    public String exitsByReasonText() {
        List<String> parts = new ArrayList<>();
        exitsByReason.forEach((reason, n) -> parts.add(reason + " " + Format.number(n)));
        return parts.isEmpty() ? "–" : String.join(", ", parts);
    }
}
