package io.isobench.reports.charts;

import io.isobench.model.Trial;
import io.isobench.reports.Source;
import io.isobench.reports.analysis.Analysis;
import io.isobench.reports.analysis.Comparison;
import io.isobench.reports.analysis.Series;
import io.isobench.reports.figures.Figure;
import io.isobench.reports.figures.HarnessFigures;
import io.isobench.reports.stats.Interval;
import org.knowm.xchart.BoxChart;
import org.knowm.xchart.BoxChartBuilder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The charts of one run. Each says what it shows in its title and units on its axis, so
 * it can be pasted anywhere without a caption. A chart with nothing to show is left out.
 */
public final class ChartSet {
    private ChartSet() {
    }

    public static List<RenderedChart> render(Source source) throws IOException {
        Analysis a = source.analysis();
        List<RenderedChart> out = new ArrayList<>();
        for (String w : a.workloads()) {
            if (w.startsWith("startup.")) {
                CategoryChart timeline = timeline(source.results().trials(), a, w);
                if (timeline != null) {
                    out.add(ChartEncoder.encode("timeline-" + slug(w), timeline));
                }
                BoxChart box = startupBox(a, w);
                if (box != null) {
                    out.add(ChartEncoder.encode("startup-" + slug(w), box));
                }
            }
        }
        CategoryChart relative = relative(a);
        if (relative != null) {
            out.add(ChartEncoder.encode("relative-to-bare", relative));
        }
        CategoryChart memory = perRuntime(a, HarnessFigures.MEMORY_PEAK, "Peak memory per runtime (median, 95% CI)", "MiB", 1.0 / (1 << 20));
        if (memory != null) {
            out.add(ChartEncoder.encode("memory-peak", memory));
        }
        CategoryChart cpu = perRuntime(a, HarnessFigures.CPU_MS, "CPU time (user + system) per runtime (median, 95% CI)", "ms", 1);
        if (cpu != null) {
            out.add(ChartEncoder.encode("cpu-time", cpu));
        }
        CategoryChart io = io(source.results().trials(), a);
        if (io != null) {
            out.add(ChartEncoder.encode("io-throughput", io));
        }
        CategoryChart exits = exits(source.results().trials());
        if (exits != null) {
            out.add(ChartEncoder.encode("vm-exits", exits));
        }
        // Last, and shown in the report's network section rather than with these.
        out.addAll(NetCharts.render(source));
        return out;
    }

    /** Stacked bars: mean duration of each phase, one bar per runtime. */
    static CategoryChart timeline(List<Trial> trials, Analysis a, String workload) {
        Map<String, Map<String, Double>> sums = new LinkedHashMap<>(); // runtime -> phase -> sum ms
        Map<String, Integer> counts = new LinkedHashMap<>();
        // Runtimes have different phases (the container adds namespaces, root, ... before exec):
        // stack them in timeline order, by each phase's mean relative position in its timeline.
        Map<String, double[]> position = new LinkedHashMap<>(); // phase -> {sum of positions, count}
        for (String runtime : a.runtimes()) {
            for (Trial t : trials) {
                if (!t.countsInStatistics() || !t.workload().equals(workload) || !t.runtime().equals(runtime)
                        || t.timeline().phases().isEmpty()) {
                    continue;
                }
                counts.merge(runtime, 1, Integer::sum);
                var ps = t.timeline().phases();
                for (int i = 0; i < ps.size(); i++) {
                    double[] pos = position.computeIfAbsent(ps.get(i).name(), k -> new double[2]);
                    pos[0] += ps.size() == 1 ? 0 : i / (double) (ps.size() - 1);
                    pos[1]++;
                    sums.computeIfAbsent(runtime, k -> new LinkedHashMap<>()).merge(ps.get(i).name(), ps.get(i).ms(), Double::sum);
                }
            }
        }
        if (counts.isEmpty()) {
            return null;
        }
        CategoryChart c = new CategoryChartBuilder().width(Style.WIDTH).height(Style.HEIGHT)
                .title("Startup timeline of " + workload + " by phase (mean per trial)").xAxisTitle("runtime").yAxisTitle("time (ms)").build();
        Style.apply(c.getStyler());
        c.getStyler().setStacked(true);
        c.getStyler().setOverlapped(false);
        List<String> runtimes = new ArrayList<>(counts.keySet());
        List<String> phases = position.keySet().stream()
                .sorted(java.util.Comparator.comparingDouble(p -> position.get(p)[0] / position.get(p)[1])).toList();
        for (String phase : phases) {
            List<Double> ys = runtimes.stream().map(r -> sums.get(r).getOrDefault(phase, 0.0) / counts.get(r)).toList();
            c.addSeries(phase, runtimes, ys);
        }
        return c;
    }

    /** Box plot of the startup time distribution, one box per runtime. */
    static BoxChart startupBox(Analysis a, String workload) {
        List<Series> series = a.runtimes().stream().map(r -> a.find(r, workload, HarnessFigures.TOTAL_MS))
                .flatMap(java.util.Optional::stream).toList();
        if (series.isEmpty()) {
            return null;
        }
        // A VM that starts 50x slower than bare would flatten the other boxes into lines.
        double lo = series.stream().mapToDouble(s -> s.stats().min()).min().orElse(0);
        double hi = series.stream().mapToDouble(s -> s.stats().max()).max().orElse(0);
        boolean log = lo > 0 && hi / lo > 10;
        BoxChart c = new BoxChartBuilder().width(Style.WIDTH).height(Style.HEIGHT)
                .title("Startup time of " + workload + ": distribution over trials" + (log ? " (log scale)" : ""))
                .xAxisTitle("runtime").yAxisTitle("spawn to exit (ms)").build();
        Style.apply(c.getStyler());
        c.getStyler().setYAxisLogarithmic(log);
        c.getStyler().setLegendVisible(false);
        // Box charts take their colours from the styler, in series order.
        c.getStyler().setSeriesColors(series.stream().map(s -> Style.runtime(s.runtime())).toArray(java.awt.Color[]::new));
        // Quartiles by linear interpolation, as the report's Tukey fences use.
        c.getStyler().setBoxplotCalCulationMethod(org.knowm.xchart.style.BoxStyler.BoxplotCalCulationMethod.N_LESS_1);
        for (Series s : series) {
            c.addSeries(s.runtime() + " (n=" + s.stats().n() + ")", s.values()).setLineColor(Style.runtime(s.runtime()));
        }
        return c;
    }

    /**
     * Every workload's headline figure relative to bare metal, oriented so that above 1 is
     * better (a time is inverted), with the ratio's 95% bootstrap interval as error bar.
     * XChart draws symmetric error bars: the longer half of the interval is drawn.
     */
    static CategoryChart relative(Analysis a) {
        List<String> others = a.runtimes().stream().filter(r -> !r.equals("bare")).toList();
        if (!a.runtimes().contains("bare") || others.isEmpty()) {
            return null;
        }
        List<String> workloads = new ArrayList<>();
        Map<String, List<Double>> ys = new LinkedHashMap<>();
        Map<String, List<Double>> errs = new LinkedHashMap<>();
        for (String w : a.workloads()) {
            Figure f = a.headline(w);
            List<Comparison> cs = a.comparisons(w, f).stream().filter(c -> c.baseline().equals("bare")).toList();
            if (cs.isEmpty()) {
                continue;
            }
            workloads.add(w);
            for (String r : others) {
                Comparison c = cs.stream().filter(x -> x.runtime().equals(r)).findFirst().orElse(null);
                double y = Double.NaN;
                double e = 0;
                if (c != null && !Double.isNaN(c.ratio().ratio()) && c.ratio().ratio() != 0) {
                    double ratio = c.ratio().ratio();
                    Interval ci = c.ratio().ci();
                    y = f.higherIsBetter() ? ratio : 1 / ratio;
                    if (ci.known() && ci.low() > 0) {
                        double lo = f.higherIsBetter() ? ci.low() : 1 / ci.high();
                        double hi = f.higherIsBetter() ? ci.high() : 1 / ci.low();
                        e = Math.max(y - lo, hi - y);
                    }
                }
                ys.computeIfAbsent(r, k -> new ArrayList<>()).add(Double.isNaN(y) ? 0 : y);
                errs.computeIfAbsent(r, k -> new ArrayList<>()).add(e);
            }
        }
        if (workloads.isEmpty()) {
            return null;
        }
        CategoryChart c = new CategoryChartBuilder().width(Style.WIDTH).height(Style.HEIGHT)
                .title("Performance relative to bare metal (1 = same, higher is better; 95% CI)")
                .xAxisTitle("workload (headline figure)").yAxisTitle("bare / runtime (times); runtime / bare (rates)").build();
        Style.apply(c.getStyler());
        c.getStyler().setErrorBarsColor(new java.awt.Color(0x333333)); // visible on every bar colour
        c.getStyler().setYAxisMin(0.0);
        runtimeColours(c, others);
        for (String r : others) {
            c.addSeries(r, workloads, ys.get(r), errs.get(r));
        }
        return c;
    }

    /** One harness figure, median per workload and runtime with the median's interval. */
    static CategoryChart perRuntime(Analysis a, Figure figure, String title, String unit, double scale) {
        List<String> workloads = a.workloads().stream().filter(w -> a.figures(w).contains(figure)).toList();
        if (workloads.isEmpty()) {
            return null;
        }
        CategoryChart c = new CategoryChartBuilder().width(Style.WIDTH).height(Style.HEIGHT)
                .title(title).xAxisTitle("workload").yAxisTitle(figure.name() + " (" + unit + ")").build();
        Style.apply(c.getStyler());
        c.getStyler().setErrorBarsColor(new java.awt.Color(0x333333)); // visible on every bar colour
        runtimeColours(c, a.runtimes().stream().filter(r -> workloads.stream().anyMatch(w -> a.find(r, w, figure).isPresent())).toList());
        for (String r : a.runtimes()) {
            List<Double> ys = new ArrayList<>();
            List<Double> es = new ArrayList<>();
            boolean any = false;
            for (String w : workloads) {
                var s = a.find(r, w, figure);
                double y = s.map(x -> x.stats().median() * scale).orElse(0.0);
                Interval ci = s.map(x -> x.stats().medianCi()).orElse(Interval.UNKNOWN);
                ys.add(y);
                es.add(ci.known() ? Math.max(y - ci.low() * scale, ci.high() * scale - y) : 0);
                any |= s.isPresent();
            }
            if (any) {
                c.addSeries(r, workloads, ys, es);
            }
        }
        return c;
    }

    /** Block I/O bytes the cgroup saw per second of the trial, median per workload and runtime. */
    static CategoryChart io(List<Trial> trials, Analysis a) {
        Map<String, Map<String, List<Double>>> rates = new LinkedHashMap<>(); // workload -> runtime -> MiB/s
        for (Trial t : trials) {
            long bytes = t.resources().ioReadBytes() + t.resources().ioWriteBytes();
            if (!t.countsInStatistics() || bytes == 0 || t.timeline().totalMs() <= 0) {
                continue;
            }
            rates.computeIfAbsent(t.workload(), k -> new LinkedHashMap<>()).computeIfAbsent(t.runtime(), k -> new ArrayList<>())
                    .add(bytes / (double) (1 << 20) / (t.timeline().totalMs() / 1000));
        }
        if (rates.isEmpty()) {
            return null;
        }
        List<String> workloads = new ArrayList<>(rates.keySet());
        CategoryChart c = new CategoryChartBuilder().width(Style.WIDTH).height(Style.HEIGHT)
                .title("Block I/O throughput per runtime (read + write bytes over trial time, median)")
                .xAxisTitle("workload").yAxisTitle("I/O throughput (MiB/s)").build();
        Style.apply(c.getStyler());
        runtimeColours(c, a.runtimes().stream().filter(r -> rates.values().stream().anyMatch(m -> m.containsKey(r))).toList());
        for (String r : a.runtimes()) {
            if (rates.values().stream().noneMatch(m -> m.containsKey(r))) {
                continue;
            }
            List<Double> ys = workloads.stream().map(w -> median(rates.get(w).getOrDefault(r, List.of()))).toList();
            c.addSeries(r, workloads, ys);
        }
        return c;
    }

    /** VM exits by reason, mean per trial, one series per workload. */
    static CategoryChart exits(List<Trial> trials) {
        Map<String, Map<String, Double>> sums = new LinkedHashMap<>(); // workload -> reason -> sum
        Map<String, Integer> counts = new LinkedHashMap<>();
        Set<String> reasons = new java.util.TreeSet<>();
        for (Trial t : trials) {
            if (!t.countsInStatistics() || t.vm() == null || t.vm().exits().isEmpty()) {
                continue;
            }
            counts.merge(t.workload(), 1, Integer::sum);
            t.vm().exits().forEach((reason, n) -> {
                reasons.add(reason);
                sums.computeIfAbsent(t.workload(), k -> new LinkedHashMap<>()).merge(reason, n.doubleValue(), Double::sum);
            });
        }
        if (counts.isEmpty()) {
            return null;
        }
        List<String> reasonList = new ArrayList<>(reasons);
        CategoryChart c = new CategoryChartBuilder().width(Style.WIDTH).height(Style.HEIGHT)
                .title("VM exits by reason (mean per trial)").xAxisTitle("exit reason").yAxisTitle("exits per trial").build();
        Style.apply(c.getStyler());
        for (String w : counts.keySet()) {
            c.addSeries(w, reasonList, reasonList.stream().map(r -> sums.get(w).getOrDefault(r, 0.0) / counts.get(w)).toList());
        }
        return c;
    }

    /** Series colours (bars and error bars) by runtime, in the order the series are added. */
    private static void runtimeColours(CategoryChart c, List<String> runtimes) {
        if (!runtimes.isEmpty()) {
            c.getStyler().setSeriesColors(runtimes.stream().map(Style::runtime).toArray(java.awt.Color[]::new));
        }
    }

    private static double median(List<Double> v) {
        if (v.isEmpty()) {
            return 0;
        }
        double[] a = v.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return a.length % 2 == 1 ? a[a.length / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
    }

    public static String slug(String s) {
        return s.replaceAll("[^A-Za-z0-9._-]", "-");
    }
}
