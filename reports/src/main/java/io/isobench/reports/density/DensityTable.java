package io.isobench.reports.density;

import io.isobench.model.density.DensityResults;
import io.isobench.model.density.DensityRun;
import io.isobench.model.density.DensitySummary;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The density figures as rows of text, one row per figure and one column per runtime, so
 * the Markdown and HTML reports show the same table.
 */
public final class DensityTable {
    private DensityTable() {
    }

    public static List<String> header(DensityResults r) {
        List<String> h = new ArrayList<>(List.of("figure"));
        r.runs().forEach(run -> h.add(run.runtime()));
        return h;
    }

    public static List<List<String>> rows(DensityResults r) {
        List<List<String>> rows = new ArrayList<>();
        String target = r.config().untilMemoryBytes() == null ? "of " + r.config().count()
                : fmt("until %.0f MiB of host memory", r.config().untilMemoryBytes() / 1048576.0);
        row(rows, r, "instances ready at once", s -> s.reached() + " (" + target + ")");
        row(rows, r, "time until all ready", s -> ms(s.allReadyMs()));
        row(rows, r, "creation rate", s -> s.instancesPerSecond() == null ? "–" : fmt("%.1f /s", s.instancesPerSecond()));
        row(rows, r, "start latency solo", s -> ms(s.soloReadyMs()));
        row(rows, r, "start latency under concurrency p50 / p90 / p99",
                s -> ms(s.readyP50Ms()) + " / " + ms(s.readyP90Ms()) + " / " + ms(s.readyP99Ms()));
        row(rows, r, "host memory in use before → at N", s -> mib(s.hostBeforeBytes()) + " → " + mib(s.hostAtNBytes()));
        row(rows, r, "host memory per instance (delta / N)", s -> signedKib(s.perInstanceBytes()));
        row(rows, r, "marginal cost (slope of the fit)", s -> kib(s.marginalBytes()));
        row(rows, r, "fixed cost (intercept), R²", s -> signedKib(s.fixedBytes()) + (s.fitR2() == null ? "" : fmt(", R² %.3f", s.fitR2())));
        row(rows, r, "PSS per instance (its processes)", s -> kib(s.pssPerInstanceBytes()));
        row(rows, r, "RSS per instance (its processes)", s -> kib(s.rssPerInstanceBytes()));
        row(rows, r, "cgroup memory per instance (incl. kernel)", s -> kib(s.cgroupPerInstanceBytes()));
        row(rows, r, "per instance by /proc/meminfo field (delta / N)", s -> s.meminfoDeltaBytes().isEmpty() ? "–"
                : String.join(", ", s.meminfoDeltaBytes().entrySet().stream()
                        .map(e -> e.getKey() + " " + signedKib(e.getValue())).toList()));
        if (r.runs().stream().anyMatch(run -> run.summary() != null && run.summary().vmPerInstance() != null)) {
            row(rows, r, "VM: guest RAM / touched guest memory (its PSS) per instance", s -> vm(s.vmPerInstance(),
                    v -> mib(v.guestMemoryBytes()) + " / " + kib(v.touchedBytes()) + " (" + kib(v.guestPssBytes()) + ")"));
            row(rows, r, "VM: the monitor's own RSS / PSS per instance", s -> vm(s.vmPerInstance(),
                    v -> kib(v.monitorRssBytes()) + " / " + kib(v.monitorPssBytes())));
        }
        row(rows, r, "KSM", DensitySummary::ksm);
        if (r.runs().stream().anyMatch(run -> run.summary() != null && run.summary().ksmSettled() != null)) {
            row(rows, r, "after KSM settled: host memory per instance, PSS per instance", DensityTable::afterKsm);
        }
        row(rows, r, "steady: aggregate CPU", s -> s.steadyCpuCores() == null ? "–"
                : fmt("%.4f cores over %.0f s", s.steadyCpuCores(), s.steadySeconds()));
        row(rows, r, "steady: Jain's fairness of CPU time", s -> s.jainFairness() == null ? "– (no CPU used)" : fmt("%.3f", s.jainFairness()));
        row(rows, r, "OOM-killed / throttled instances", s -> s.oomKilled() + " / " + s.throttled());
        row(rows, r, "teardown (stop all)", s -> ms(s.teardownMs()));
        row(rows, r, "left behind", s -> s.leftovers().isEmpty() ? "nothing (checked)" : String.join("; ", s.leftovers()));
        row(rows, r, "ramp ended by", s -> s.stopReason() == null ? "target reached" : s.stopReason());
        row(rows, r, "host load (loadavg before; after)", s -> String.join("; ", s.hostLoad()));
        return rows;
    }

    private interface Cell {
        String of(DensitySummary s);
    }

    private static String afterKsm(DensitySummary s) {
        io.isobench.model.density.KsmMeasurement k = s.ksmSettled();
        if (k == null) {
            return "–";
        }
        return signedKib(k.perInstanceBytes()) + ", " + kib(k.pssPerInstanceBytes())
                + fmt(" (%s in %.0f s, pages_sharing %d)", k.settled() ? "settled" : "NOT settled", k.settleSeconds(),
                k.pagesSharing())
                + (k.vmPerInstance() == null ? "" : "; guest PSS " + kib(k.vmPerInstance().guestPssBytes())
                + ", monitor PSS " + kib(k.vmPerInstance().monitorPssBytes()));
    }

    private static String vm(io.isobench.model.density.VmMemory v,
                             java.util.function.Function<io.isobench.model.density.VmMemory, String> f) {
        return v == null ? "–" : f.apply(v);
    }

    private static void row(List<List<String>> rows, DensityResults r, String name, Cell cell) {
        List<String> row = new ArrayList<>(List.of(name));
        for (DensityRun run : r.runs()) {
            row.add(run.summary() == null ? "–" : cell.of(run.summary()));
        }
        rows.add(row);
    }

    static String fmt(String f, Object... args) {
        return String.format(Locale.ROOT, f, args);
    }

    static String ms(Double v) {
        return v == null ? "–" : v >= 100 ? fmt("%.0f ms", v) : fmt("%.2f ms", v);
    }

    static String kib(Long bytes) {
        return bytes == null || bytes < 0 ? "–" : fmt("%.0f KiB", bytes / 1024.0);
    }

    static String signedKib(Long bytes) {
        return bytes == null ? "–" : fmt("%.0f KiB", bytes / 1024.0);
    }

    static String mib(long bytes) {
        return fmt("%.1f MiB", bytes / 1048576.0);
    }
}
