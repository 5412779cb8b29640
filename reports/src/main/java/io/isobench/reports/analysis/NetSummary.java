package io.isobench.reports.analysis;

import io.isobench.model.Metric;
import io.isobench.model.Trial;
import io.isobench.reports.stats.Distribution;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The network comparison in the shape of Felter et al. (IBM RC25482, 2014): per runtime, the
 * median of the net workloads' figures over the trials that count, and the link each ran on
 * (from the trials' {@code link-*} and {@code offload-*} flags), so two reports made on
 * differently configured links can be told apart.
 *
 * @param runtime   bare, container, vm or a variant
 * @param link      link kinds seen, e.g. {@code veth}; offloads, e.g. {@code tx-checksum on, tso on}
 * @param figures   "net.tcp-rr p50" → median; absent when the run had no such trial
 */
public record NetSummary(String runtime, String link, String offloads, Map<String, Double> figures) {
    /** The columns, in order: workload id and metric name. */
    public static final List<String[]> COLUMNS = List.of(new String[]{"net.tcp-stream", "throughput", "stream Gbit/s"},
            new String[]{"net.tcp-stream", "cpu-per-gb", "client CPU ms/GB"}, new String[]{"net.tcp-rr", "p50", "rr p50 us"},
            new String[]{"net.tcp-rr", "p99", "rr p99 us"}, new String[]{"net.tcp-crr", "rate", "crr connections/s"});

    public static final String EXPLANATION = "Medians over the measured trials; every runtime talks to the same server in the "
            + "run's far end over one link of its own kind. For context, Felter et al. (IBM RC25482, 2014) found bulk TCP "
            + "equal for native, Docker and KVM, and KVM's virtio path about 30 us slower per request/response.";

    public NetSummary {
        figures = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(figures));
    }

    /** One row per runtime with net trials that count, in the order they first appear; empty when none. */
    public static List<NetSummary> of(List<Trial> trials) {
        Map<String, List<Trial>> byRuntime = new LinkedHashMap<>();
        for (Trial t : trials) {
            if (t.countsInStatistics() && t.workload().startsWith("net.")) {
                byRuntime.computeIfAbsent(t.runtime(), k -> new ArrayList<>()).add(t);
            }
        }
        List<NetSummary> out = new ArrayList<>();
        byRuntime.forEach((runtime, ts) -> {
            TreeSet<String> links = new TreeSet<>();
            Map<String, TreeSet<String>> offloads = new LinkedHashMap<>();
            for (Trial t : ts) {
                for (Metric m : t.metrics()) {
                    if (m.name().startsWith("link-")) {
                        links.add(m.name().substring(5));
                    } else if (m.name().startsWith("offload-")) {
                        offloads.computeIfAbsent(m.name().substring(8), k -> new TreeSet<>()).add(m.value() == 1 ? "on" : "off");
                    }
                }
            }
            Map<String, Double> figures = new LinkedHashMap<>();
            for (String[] c : COLUMNS) {
                double[] values = ts.stream().filter(t -> t.workload().equals(c[0])).flatMap(t -> t.metrics().stream())
                        .filter(m -> m.name().equals(c[1])).mapToDouble(Metric::value).toArray();
                if (values.length > 0) {
                    figures.put(c[2], Distribution.median(values));
                }
            }
            List<String> off = new ArrayList<>();
            offloads.forEach((k, v) -> off.add(k + " " + String.join("/", v)));
            out.add(new NetSummary(runtime, links.isEmpty() ? "–" : String.join(", ", links),
                    off.isEmpty() ? "–" : String.join(", ", off), figures));
        });
        return out;
    }

    /** The cells after runtime, link and offloads, "–" where missing. */
    public List<String> cells() {
        List<String> cells = new ArrayList<>();
        for (String[] c : COLUMNS) {
            Double v = figures.get(c[2]);
            cells.add(v == null ? "–" : Format.number(v));
        }
        return cells;
    }

    public static List<String> header() {
        List<String> h = new ArrayList<>(List.of("runtime", "link", "offloads"));
        COLUMNS.forEach(c -> h.add(c[2]));
        return h;
    }
}
