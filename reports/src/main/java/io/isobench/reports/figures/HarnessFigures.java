package io.isobench.reports.figures;

import io.isobench.model.Trial;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The harness's own measurements of every trial, summarized like the workload's metrics.
 * The names mirror the result-file fields they come from (units in the name):
 * <ul>
 * <li>{@code totalMs}: timeline total, spawn until the instance is gone (for startup
 *     workloads this is THE figure: they report no metrics of their own)</li>
 * <li>{@code readyMs}: spawn until the workload's ready point (when it reports one)</li>
 * <li>{@code cpuMs}: CPU time user + system of the trial's cgroup</li>
 * <li>{@code memoryPeakBytes}, {@code ioReadBytes}, {@code ioWriteBytes}: from the cgroup</li>
 * <li>VM trials only: {@code vmExits} (all KVM exits), {@code vmTouchedBytes} (guest memory
 *     the host really backed), {@code vmMonitorOverheadBytes} (the monitor's own memory)</li>
 * </ul>
 */
public final class HarnessFigures {
    public static final Figure TOTAL_MS = new Figure("totalMs", "ms", false, true, true);
    public static final Figure READY_MS = new Figure("readyMs", "ms", false, true, true);
    public static final Figure CPU_MS = new Figure("cpuMs", "ms", false, true, true);
    public static final Figure MEMORY_PEAK = new Figure("memoryPeakBytes", "bytes", false, true, false);
    public static final Figure IO_READ = new Figure("ioReadBytes", "bytes", false, true, false);
    public static final Figure IO_WRITE = new Figure("ioWriteBytes", "bytes", false, true, false);
    public static final Figure VM_EXITS = new Figure("vmExits", "exits", false, true, false);
    public static final Figure VM_TOUCHED = new Figure("vmTouchedBytes", "bytes", false, true, false);
    public static final Figure VM_OVERHEAD = new Figure("vmMonitorOverheadBytes", "bytes", false, true, false);
    public static final List<Figure> ALL = List.of(TOTAL_MS, READY_MS, CPU_MS, MEMORY_PEAK, IO_READ, IO_WRITE,
            VM_EXITS, VM_TOUCHED, VM_OVERHEAD);

    private HarnessFigures() {
    }

    /**
     * The unit of a metric that describes the trial rather than measures it (the net
     * workloads' {@code link-veth}, {@code offload-tso}: 1 = yes/on). It stays in the trial
     * files; statistics, charts and comparisons of it would be noise.
     */
    public static final String FLAG_UNIT = "flag";

    public static boolean isHarnessName(String name) {
        return ALL.stream().anyMatch(f -> f.name().equals(name));
    }

    /**
     * Every figure of one trial, workload metrics first. A figure the trial does not have
     * (no ready point) is absent; resource counters are kept even when 0 (the caller drops
     * a figure that is 0 in every trial: nothing was accounted).
     */
    public static Map<Figure, Double> of(Trial t) {
        Map<Figure, Double> out = new LinkedHashMap<>();
        for (var m : t.metrics()) {
            if (FLAG_UNIT.equals(m.unit())) {
                continue;
            }
            // A workload metric named like a harness figure would be ambiguous: qualify it.
            String name = isHarnessName(m.name()) ? "workload." + m.name() : m.name();
            out.put(Figure.workload(name, m.unit(), m.higherIsBetter()), m.value());
        }
        out.put(TOTAL_MS, t.timeline().totalMs());
        if (t.timeline().readyMs() != null) {
            out.put(READY_MS, t.timeline().readyMs());
        }
        var r = t.resources();
        out.put(CPU_MS, (r.cpuUserNs() + r.cpuSystemNs()) / 1e6);
        out.put(MEMORY_PEAK, (double) r.memoryPeakBytes());
        out.put(IO_READ, (double) r.ioReadBytes());
        out.put(IO_WRITE, (double) r.ioWriteBytes());
        if (t.vm() != null) {
            if (!t.vm().exits().isEmpty()) {
                // Empty: a monitor whose exits cannot be seen from outside (vm:qemu), not zero exits.
                out.put(VM_EXITS, (double) t.vm().exits().values().stream().mapToLong(Long::longValue).sum());
            }
            out.put(VM_TOUCHED, (double) t.vm().touchedBytes());
            out.put(VM_OVERHEAD, (double) t.vm().monitorOverheadBytes());
        }
        return out;
    }
}
