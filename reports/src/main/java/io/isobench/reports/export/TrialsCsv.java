package io.isobench.reports.export;

import io.isobench.model.Metric;
import io.isobench.model.Phase;
import io.isobench.model.Trial;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code trials.csv}: one row per trial (warm-ups and failures included, marked), for a
 * spreadsheet or pandas. Fixed columns first, then one column per phase name, per workload
 * metric ({@code metric:<name> (<unit>)}), and when there are VM trials the VM's memory
 * ({@link #VM_COLUMNS}) and one column per VM exit reason ({@code exits:<reason>}).
 * RFC 4180 quoting.
 */
public final class TrialsCsv {
    private static final List<String> FIXED = List.of("host", "runtime", "workload", "trial", "warmup", "status", "reason",
            "startedAt", "totalMs", "readyMs", "cpuUserNs", "cpuSystemNs", "memoryPeakBytes", "ioReadBytes", "ioWriteBytes");

    /** The VM's own memory figures, named like their results.json fields under {@code vm}. */
    static final List<String> VM_COLUMNS = List.of("vm.guestMemoryBytes", "vm.touchedBytes", "vm.monitorOverheadBytes");

    private TrialsCsv() {
    }

    public record Row(String host, Trial trial) {
    }

    public static String render(List<Row> rows) {
        Set<String> phases = new LinkedHashSet<>();
        Set<String> metrics = new LinkedHashSet<>();
        Set<String> exits = new LinkedHashSet<>();
        boolean anyVm = rows.stream().anyMatch(r -> r.trial().vm() != null);
        for (Row r : rows) {
            r.trial().timeline().phases().forEach(p -> phases.add(p.name()));
            r.trial().metrics().forEach(m -> metrics.add(metricColumn(m)));
            if (r.trial().vm() != null) {
                exits.addAll(r.trial().vm().exits().keySet());
            }
        }
        List<String> header = new ArrayList<>(FIXED);
        phases.forEach(p -> header.add("phase:" + p + " (ms)"));
        metrics.forEach(header::add);
        if (anyVm) {
            header.addAll(VM_COLUMNS);
        }
        exits.forEach(e -> header.add("exits:" + e));
        StringBuilder out = new StringBuilder();
        line(out, header);
        for (Row r : rows) {
            Trial t = r.trial();
            List<String> cells = new ArrayList<>(List.of(r.host(), t.runtime(), t.workload(), String.valueOf(t.trial()),
                    String.valueOf(t.warmup()), t.status().json(), t.reason() == null ? "" : t.reason(),
                    t.startedAt() == null ? "" : t.startedAt(), num(t.timeline().totalMs()),
                    t.timeline().readyMs() == null ? "" : num(t.timeline().readyMs()),
                    String.valueOf(t.resources().cpuUserNs()), String.valueOf(t.resources().cpuSystemNs()),
                    String.valueOf(t.resources().memoryPeakBytes()), String.valueOf(t.resources().ioReadBytes()),
                    String.valueOf(t.resources().ioWriteBytes())));
            for (String p : phases) {
                // A phase name can repeat in a timeline (e.g. two boot marks of the same name): sum them.
                double ms = t.timeline().phases().stream().filter(x -> x.name().equals(p)).mapToDouble(Phase::ms).sum();
                boolean has = t.timeline().phases().stream().anyMatch(x -> x.name().equals(p));
                cells.add(has ? num(ms) : "");
            }
            for (String m : metrics) {
                cells.add(t.metrics().stream().filter(x -> metricColumn(x).equals(m)).findFirst()
                        .map(x -> num(x.value())).orElse(""));
            }
            if (anyVm) {
                var vm = t.vm();
                cells.addAll(vm == null ? List.of("", "", "") : List.of(String.valueOf(vm.guestMemoryBytes()),
                        String.valueOf(vm.touchedBytes()), String.valueOf(vm.monitorOverheadBytes())));
            }
            for (String e : exits) {
                Long n = t.vm() == null ? null : t.vm().exits().get(e);
                cells.add(n == null ? "" : String.valueOf(n));
            }
            line(out, cells);
        }
        return out.toString();
    }

    private static String metricColumn(Metric m) {
        return "metric:" + m.name() + (m.unit() == null || m.unit().isEmpty() ? "" : " (" + m.unit() + ")");
    }

    private static String num(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.6f", v).replaceAll("\\.?0+$", "");
    }

    private static void line(StringBuilder out, List<String> cells) {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(quote(cells.get(i)));
        }
        out.append("\r\n");
    }

    static String quote(String s) {
        if (s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r")) {
            return "\"" + s.replace("\"", "\"\"") + "\"";
        }
        return s;
    }
}
