package io.isobench.reports.charts;

import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code isobench peers net}'s table as bar charts: one chart per figure, one bar per link
 * kind (loopback, bare veth, container veth, {@code net=host}, bridge-nat, the VM), all
 * measured in one run against one far end, so the {@code container.net} options sit next to
 * each other on one axis, which the run report (one {@code container.net} per run) cannot
 * do. A bar is the median of the rounds; peers computes no confidence interval, so the
 * error bar is the spread of the rounds (the longer half of min..max: XChart draws symmetric
 * bars), and the title says so. One round gives no error bar.
 */
public final class LinkKindCharts {
    /** One chart: the figure's key in the samples (e.g. {@code net.tcp-rr:p50}), file name, title, axis. */
    private record Figure(String key, String name, String title, String axis) {
    }

    private static final List<Figure> FIGURES = List.of(
            new Figure("net.tcp-stream:throughput", "peers-net-throughput", "Bulk TCP throughput per link kind", "Gbit/s"),
            new Figure("net.tcp-rr:p50", "peers-net-rr-p50", "TCP request/response round trip, p50, per link kind", "us"),
            new Figure("net.tcp-rr:p99", "peers-net-rr-p99", "TCP request/response round trip, p99, per link kind", "us"),
            new Figure("net.tcp-crr:rate", "peers-net-crr", "TCP connect/request/response/close rate per link kind",
                    "connections/s"));

    private LinkKindCharts() {
    }

    /** The charts by file name (without extension); a figure no link kind has is left out. */
    public static Map<String, CategoryChart> charts(Map<String, Map<String, List<Double>>> samples, int rounds) {
        Map<String, CategoryChart> out = new LinkedHashMap<>();
        for (Figure f : FIGURES) {
            List<String> links = samples.entrySet().stream().filter(e -> e.getValue().containsKey(f.key()))
                    .map(Map.Entry::getKey).toList();
            if (links.isEmpty()) {
                continue;
            }
            CategoryChart c = new CategoryChartBuilder().width(Style.WIDTH).height(Style.HEIGHT)
                    .title(f.title() + " (median of " + rounds + " round" + (rounds == 1 ? "" : "s")
                            + (rounds > 1 ? ", bar = spread of the rounds)" : ")"))
                    .xAxisTitle("").yAxisTitle(f.axis()).build();
            Style.apply(c.getStyler());
            c.getStyler().setErrorBarsColor(new java.awt.Color(0x333333));
            c.getStyler().setYAxisMin(0.0);
            c.getStyler().setLegendVisible(false);
            List<Double> ys = new ArrayList<>();
            List<Double> es = new ArrayList<>();
            for (String link : links) {
                List<Double> v = samples.get(link).get(f.key()).stream().sorted().toList();
                double median = v.size() % 2 == 1 ? v.get(v.size() / 2) : (v.get(v.size() / 2 - 1) + v.get(v.size() / 2)) / 2;
                ys.add(median);
                es.add(Math.max(median - v.get(0), v.get(v.size() - 1) - median));
            }
            c.addSeries(f.key(), links, ys, es);
            out.put(f.name(), c);
        }
        return out;
    }

    /** The charts as SVG and PNG. */
    public static List<RenderedChart> render(Map<String, Map<String, List<Double>>> samples, int rounds) throws IOException {
        List<RenderedChart> out = new ArrayList<>();
        for (Map.Entry<String, CategoryChart> c : charts(samples, rounds).entrySet()) {
            out.add(ChartEncoder.encode(c.getKey(), c.getValue()));
        }
        return out;
    }
}
