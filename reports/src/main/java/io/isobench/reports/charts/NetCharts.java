package io.isobench.reports.charts;

import io.isobench.reports.Source;
import io.isobench.reports.analysis.NetSummary;
import io.isobench.reports.analysis.Series;
import io.isobench.reports.stats.Interval;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The network section's charts, Felter et al.'s comparison as bars: bulk throughput, the
 * request/response round trip at p50 and at p99 (two charts: a p99 tail of milliseconds on
 * one axis with a p50 of microseconds would flatten the p50 bars to nothing), and the
 * client's CPU per GB sent, one bar per
 * runtime (named with its link kind, so bridge-nat and veth are told apart), each with the
 * 95% bootstrap interval of its median as error bar. They sit in the report's network
 * section, not among the general charts.
 */
public final class NetCharts {
    /** The charts' names (files charts/NAME.svg and .png), in order. */
    public static final List<String> NAMES = List.of("net-throughput", "net-rr-p50", "net-rr-p99", "net-cpu-per-gb");

    private NetCharts() {
    }

    /** Whether a rendered chart (possibly with a merged report's label prefix) is one of these. */
    public static boolean isNetChart(String name) {
        return NAMES.stream().anyMatch(n -> name.equals(n) || name.endsWith("-" + n));
    }

    public static List<RenderedChart> render(Source source) throws IOException {
        List<RenderedChart> out = new ArrayList<>();
        for (Map.Entry<String, CategoryChart> c : charts(source).entrySet()) {
            out.add(ChartEncoder.encode(c.getKey(), c.getValue()));
        }
        return out;
    }

    /** The charts this run has data for, by name: a chart without a single bar is left out. */
    public static Map<String, CategoryChart> charts(Source source) {
        List<NetSummary> rows = NetSummary.of(source.results().trials(), source.analysis());
        Map<String, CategoryChart> out = new LinkedHashMap<>();
        CategoryChart throughput = bars(rows, List.of("stream throughput"), List.of("net.tcp-stream"),
                "Bulk TCP throughput per runtime (net.tcp-stream, median, 95% CI)", "throughput (Gbit/s)");
        if (throughput != null) {
            out.put(NAMES.get(0), throughput);
        }
        for (String p : List.of("p50", "p99")) {
            CategoryChart latency = bars(rows, List.of("rr " + p), List.of("net.tcp-rr " + p),
                    "TCP request/response round trip, " + p + ", per runtime (net.tcp-rr, median, 95% CI)", "round trip (us)");
            if (latency != null) {
                out.put("net-rr-" + p, latency);
            }
        }
        CategoryChart cpu = bars(rows, List.of("client CPU per GB"), List.of("net.tcp-stream"),
                "Client CPU per GB sent per runtime (net.tcp-stream, median, 95% CI)", "client CPU (ms/GB)");
        if (cpu != null) {
            out.put(NAMES.get(3), cpu);
        }
        return out;
    }

    /**
     * Grouped bars: one group per column, one bar per runtime. XChart draws symmetric error
     * bars: the longer half of the interval is drawn (as in the other charts).
     */
    static CategoryChart bars(List<NetSummary> rows, List<String> columns, List<String> categories, String title, String yAxis) {
        List<NetSummary> with = rows.stream().filter(r -> columns.stream().anyMatch(c -> r.figures().containsKey(c))).toList();
        if (with.isEmpty()) {
            return null;
        }
        CategoryChart c = new CategoryChartBuilder().width(Style.WIDTH).height(Style.HEIGHT)
                .title(title).xAxisTitle("").yAxisTitle(yAxis).build();
        Style.apply(c.getStyler());
        c.getStyler().setErrorBarsColor(new java.awt.Color(0x333333)); // visible on every bar colour
        c.getStyler().setYAxisMin(0.0);
        c.getStyler().setSeriesColors(with.stream().map(r -> Style.runtime(r.runtime())).toArray(java.awt.Color[]::new));
        for (NetSummary r : with) {
            List<Double> ys = new ArrayList<>();
            List<Double> es = new ArrayList<>();
            for (String col : columns) {
                Series s = r.figures().get(col);
                double y = s == null ? 0 : s.stats().median();
                Interval ci = s == null ? Interval.UNKNOWN : s.stats().medianCi();
                ys.add(y);
                es.add(ci.known() ? Math.max(y - ci.low(), ci.high() - y) : 0);
            }
            c.addSeries(r.name(), categories, ys, es);
        }
        return c;
    }
}
