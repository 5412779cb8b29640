package io.isobench.reports.analysis;

import io.isobench.model.Metric;
import io.isobench.model.Trial;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The network comparison in the shape of Felter et al. (IBM RC25482, 2014): per runtime, the
 * median of each net figure with its 95% bootstrap interval (the run's own statistics, over
 * the trials that count), and the link each ran on (from the trials' {@code link-*} and
 * {@code offload-*} flags), so two reports made on differently configured links can be told
 * apart.
 *
 * @param runtime  bare, container, vm or a variant
 * @param link     link kinds seen, e.g. {@code veth}, {@code bridge-nat}
 * @param offloads e.g. {@code tx-checksum on, tso on}
 * @param figures  column label (e.g. "rr p50") → that figure's series; absent when the run had no such trial
 */
public record NetSummary(String runtime, String link, String offloads, Map<String, Series> figures) {
    /** One column: workload id, metric name, label. */
    public record Column(String workload, String metric, String label) {
    }

    /** The columns, in order. */
    public static final List<Column> COLUMNS = List.of(new Column("net.tcp-stream", "throughput", "stream throughput"),
            new Column("net.tcp-stream", "cpu-per-gb", "client CPU per GB"), new Column("net.tcp-rr", "p50", "rr p50"),
            new Column("net.tcp-rr", "p99", "rr p99"), new Column("net.tcp-crr", "rate", "crr rate"));

    public static final String EXPLANATION = "Median over the measured trials with its 95% bootstrap interval in brackets; "
            + "every runtime talks to the same server in the run's far end over one link of its own kind. For context, "
            + "Felter et al. (IBM RC25482, 2014) found bulk TCP equal for native, Docker and KVM, KVM's virtio path about "
            + "30 us slower per request/response, and Docker's NAT (bridge-nat here) adding latency.";

    public NetSummary {
        figures = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(figures));
    }

    /**
     * One row per runtime with net trials that count, in the analysis's runtime order; empty
     * when none.
     */
    public static List<NetSummary> of(List<Trial> trials, Analysis analysis) {
        Map<String, List<Trial>> byRuntime = new LinkedHashMap<>();
        for (String r : analysis.runtimes()) {
            for (Trial t : trials) {
                if (t.runtime().equals(r) && t.countsInStatistics() && t.workload().startsWith("net.")) {
                    byRuntime.computeIfAbsent(r, k -> new ArrayList<>()).add(t);
                }
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
            Map<String, Series> figures = new LinkedHashMap<>();
            for (Column c : COLUMNS) {
                find(analysis, runtime, c).ifPresent(s -> figures.put(c.label(), s));
            }
            List<String> off = new ArrayList<>();
            offloads.forEach((k, v) -> off.add(k + " " + String.join("/", v)));
            out.add(new NetSummary(runtime, links.isEmpty() ? "–" : String.join(", ", links),
                    off.isEmpty() ? "–" : String.join(", ", off), figures));
        });
        return out;
    }

    private static Optional<Series> find(Analysis a, String runtime, Column c) {
        return a.series().stream().filter(s -> s.runtime().equals(runtime) && s.workload().equals(c.workload())
                && !s.figure().harness() && s.figure().name().equals(c.metric())).findFirst();
    }

    /** A column's median, or null when the run had no such trial. */
    public Double median(String label) {
        Series s = figures.get(label);
        return s == null ? null : s.stats().median();
    }

    /** "runtime (link)", how charts name a row: the same runtime on two kinds of link reads differently. */
    public String name() {
        return link.equals("–") ? runtime : runtime + " (" + link + ")";
    }

    /** The cells after runtime, link and offloads: median with unit and interval, "–" where missing. */
    public List<String> cells() {
        List<String> cells = new ArrayList<>();
        for (Column c : COLUMNS) {
            Series s = figures.get(c.label());
            cells.add(s == null ? "–" : Format.median(s));
        }
        return cells;
    }

    public static List<String> header() {
        List<String> h = new ArrayList<>(List.of("runtime", "link", "offloads"));
        COLUMNS.forEach(c -> h.add(c.label()));
        return h;
    }
}
