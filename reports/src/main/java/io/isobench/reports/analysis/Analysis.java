package io.isobench.reports.analysis;

import io.isobench.model.Adaptive;
import io.isobench.model.Status;
import io.isobench.model.SummaryRow;
import io.isobench.model.Trial;
import io.isobench.reports.figures.Figure;
import io.isobench.reports.figures.HarnessFigures;
import io.isobench.reports.stats.Distribution;
import io.isobench.reports.stats.Interval;
import io.isobench.reports.stats.Noise;
import io.isobench.reports.stats.Ratio;
import io.isobench.reports.stats.SampleSize;
import io.isobench.reports.stats.Verdict;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Everything the reports say about one set of trials: the statistics of every figure per
 * runtime and workload, every runtime against bare metal (and the VM against the
 * container), the trials left out and why, and the warnings a reader must see.
 * Pure computation, no I/O: each output format renders the same Analysis.
 */
public record Analysis(List<String> runtimes, List<String> workloads, List<Series> series,
                       List<Comparison> comparisons, List<Exclusion> excluded, List<String> warnings) {

    /** Runtimes in the order readers expect them; unknown names follow alphabetically. */
    private static final List<String> RUNTIME_ORDER = List.of("bare", "container", "vm");

    public static Analysis of(List<Trial> trials) {
        return of(trials, null);
    }

    /**
     * @param adaptive the rule of an adaptive run (null: trial counts were fixed): then every
     *                 figure's 95% interval of the mean is Stein's, from the cell's first-stage
     *                 trials' spread (SampleSize.steinInterval), because the ordinary t
     *                 interval under-covers after a two-stage rule; and a headline figure whose
     *                 interval stayed wider than the precision asked is warned about
     */
    public static Analysis of(List<Trial> trials, Adaptive adaptive) {
        int firstStage = adaptive == null ? 0 : adaptive.firstStage();
        List<Exclusion> excluded = new ArrayList<>();
        // workload -> runtime -> figure -> values, in first-seen order
        Map<String, Map<String, Map<Figure, List<Double>>>> values = new LinkedHashMap<>();
        // workload -> runtime -> figure -> how many of its values come from first-stage trials
        Map<String, Map<String, Map<Figure, Integer>>> firstStageCounts = new LinkedHashMap<>();
        Set<String> runtimes = new LinkedHashSet<>();
        for (Trial t : trials) {
            runtimes.add(t.runtime());
            values.computeIfAbsent(t.workload(), k -> new LinkedHashMap<>());
            if (!t.countsInStatistics()) {
                excluded.add(new Exclusion(t, why(t)));
                continue;
            }
            Map<Figure, List<Double>> byFigure = values.get(t.workload()).computeIfAbsent(t.runtime(), k -> new LinkedHashMap<>());
            HarnessFigures.of(t).forEach((f, v) -> byFigure.computeIfAbsent(f, k -> new ArrayList<>()).add(v));
            if (t.trial() <= firstStage) {
                Map<Figure, Integer> counts = firstStageCounts.computeIfAbsent(t.workload(), k -> new LinkedHashMap<>())
                        .computeIfAbsent(t.runtime(), k -> new LinkedHashMap<>());
                HarnessFigures.of(t).keySet().forEach(f -> counts.merge(f, 1, Integer::sum));
            }
        }
        List<String> runtimeList = runtimes.stream().sorted(Comparator.comparingInt(Analysis::rank).thenComparing(r -> r)).toList();
        List<Series> series = new ArrayList<>();
        List<Comparison> comparisons = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        for (var workloadEntry : values.entrySet()) {
            String workload = workloadEntry.getKey();
            List<Figure> figures = figures(workloadEntry.getValue());
            for (Figure f : figures) {
                Map<String, Series> byRuntime = new LinkedHashMap<>();
                for (String runtime : runtimeList) {
                    List<Double> v = workloadEntry.getValue().getOrDefault(runtime, Map.of()).get(f);
                    if (v == null || v.isEmpty()) {
                        continue;
                    }
                    double[] arr = v.stream().mapToDouble(Double::doubleValue).toArray();
                    Distribution stats = Distribution.of(arr);
                    if (firstStage > 0) {
                        int n0 = firstStageCounts.getOrDefault(workload, Map.of()).getOrDefault(runtime, Map.of()).getOrDefault(f, 0);
                        // Trials are appended in the order they ran and the first stage runs
                        // first, so the first n0 values are the first stage's.
                        stats = stats.withMeanCi(SampleSize.steinInterval(arr, n0));
                    }
                    Series s = new Series(runtime, workload, f, arr, stats);
                    series.add(s);
                    byRuntime.put(runtime, s);
                    // Warnings are read by people deciding: about the figures they act on
                    // (the headline, and for startup workloads their timeline), not about
                    // secondary accounting figures, whose spread the details table shows.
                    if (f.equals(headline(figures)) || (f.harness() && workload.startsWith("startup."))
                            && (f.equals(HarnessFigures.TOTAL_MS) || f.equals(HarnessFigures.READY_MS))) {
                        warnings.addAll(warningsOf(s));
                    }
                    if (adaptive != null && f.equals(headline(figures))) {
                        int n0 = firstStageCounts.getOrDefault(workload, Map.of()).getOrDefault(runtime, Map.of()).getOrDefault(f, 0);
                        precisionWarning(s, n0, adaptive).ifPresent(warnings::add);
                    }
                }
                comparisons.addAll(compare(byRuntime));
            }
        }
        warnings.addAll(exclusionWarnings(excluded));
        return new Analysis(runtimeList, List.copyOf(values.keySet()), series, comparisons, excluded, warnings);
    }

    /** The one figure that stands for a workload: its first own metric, else the timeline total. */
    public Figure headline(String workload) {
        return series.stream().filter(s -> s.workload().equals(workload) && !s.figure().harness())
                .map(Series::figure).findFirst().orElse(HarnessFigures.TOTAL_MS);
    }

    public Optional<Series> find(String runtime, String workload, Figure figure) {
        return series.stream().filter(s -> s.runtime().equals(runtime) && s.workload().equals(workload)
                && s.figure().equals(figure)).findFirst();
    }

    /**
     * What a table shows where a runtime has no value for a workload: "unavailable" when that
     * runtime could not run on the host (the reason is given elsewhere in the report), else "–".
     */
    public String missing(String runtime, String workload) {
        boolean unavailable = excluded.stream().map(Exclusion::trial).anyMatch(t -> t.status() == Status.UNAVAILABLE
                && t.runtime().equals(runtime) && t.workload().equals(workload));
        return unavailable ? "unavailable" : "–";
    }

    /**
     * Workloads that have successful trials in fewer than two runtimes, with the runtimes
     * that do (possibly none): they have no comparison, and a reader must be told which and
     * why rather than "a single runtime was measured".
     */
    public Map<String, List<String>> uncompared() {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (String w : workloads) {
            List<String> with = series.stream().filter(s -> s.workload().equals(w)).map(Series::runtime).distinct().toList();
            if (with.size() < 2) {
                out.put(w, with);
            }
        }
        return out;
    }

    public List<Figure> figures(String workload) {
        return series.stream().filter(s -> s.workload().equals(workload)).map(Series::figure).distinct().toList();
    }

    public List<Comparison> comparisons(String workload, Figure figure) {
        return comparisons.stream().filter(c -> c.workload().equals(workload) && c.figure().equals(figure)).toList();
    }

    /** The summary rows of results.json. */
    public List<SummaryRow> summaryRows() {
        return series.stream().map(s -> new SummaryRow(s.runtime(), s.workload(), s.figure().name(), s.figure().unit(),
                s.figure().higherIsBetter(), s.stats().n(), s.stats().mean(), s.stats().median(), s.stats().stddev(),
                s.stats().min(), s.stats().max(), s.stats().meanCi().low(), s.stats().meanCi().high(),
                s.stats().medianCi().known() ? s.stats().medianCi().low() : null,
                s.stats().medianCi().known() ? s.stats().medianCi().high() : null, s.stats().outliers().size())).toList();
    }

    /** bare, container, its variants (container:runc), vm, its variants; unknown names last. */
    static int rank(String runtime) {
        int colon = runtime.indexOf(':');
        int i = RUNTIME_ORDER.indexOf(colon < 0 ? runtime : runtime.substring(0, colon));
        return i < 0 ? 2 * RUNTIME_ORDER.size() : 2 * i + (colon < 0 ? 0 : 1);
    }

    /**
     * The figures worth showing for a workload: its metrics, then the harness figures,
     * except a resource counter that is 0 in every trial of every runtime (nothing accounted).
     */
    private static List<Figure> figures(Map<String, Map<Figure, List<Double>>> byRuntime) {
        Map<Figure, Boolean> nonZero = new LinkedHashMap<>();
        for (var m : byRuntime.values()) {
            m.forEach((f, v) -> nonZero.merge(f, v.stream().anyMatch(x -> x != 0), Boolean::logicalOr));
        }
        List<Figure> out = new ArrayList<>();
        nonZero.forEach((f, any) -> {
            if (!f.harness() || any || f.equals(HarnessFigures.TOTAL_MS)) {
                out.add(f);
            }
        });
        out.sort(Comparator.comparing(Figure::harness)); // stable: workload metrics first
        return out;
    }

    /** Every runtime against bare metal, the VM against the container, and each of isobench's own against its deployed variants. */
    private static List<Comparison> compare(Map<String, Series> byRuntime) {
        List<Comparison> out = new ArrayList<>();
        Series bare = byRuntime.get("bare");
        for (Series s : byRuntime.values()) {
            if (bare != null && s != bare) {
                out.add(comparison(bare, s));
            }
        }
        if (byRuntime.containsKey("vm") && byRuntime.containsKey("container")) {
            out.add(comparison(byRuntime.get("container"), byRuntime.get("vm")));
        }
        // isobench's own runtime against the deployed one of its kind (container vs container:runc):
        // the fidelity check, where a difference beyond noise needs a named cause.
        for (Series variant : byRuntime.values()) {
            int colon = variant.runtime().indexOf(':');
            Series own = colon < 0 ? null : byRuntime.get(variant.runtime().substring(0, colon));
            if (own != null) {
                out.add(comparison(variant, own));
            }
        }
        return out;
    }

    private static Comparison comparison(Series base, Series other) {
        Ratio r = Ratio.of(base.values(), other.values());
        Figure f = base.figure();
        return new Comparison(base.workload(), f, base.runtime(), other.runtime(), r,
                Verdict.of(other.runtime(), r, f.higherIsBetter(), f.timeLike()));
    }

    /** The headline among one workload's figures: its first own metric, else the timeline total. */
    private static Figure headline(List<Figure> figures) {
        return figures.stream().filter(f -> !f.harness()).findFirst().orElse(HarnessFigures.TOTAL_MS);
    }

    /**
     * An adaptive cell whose headline interval stayed wider than asked: how wide, and why (the
     * noise, with the cap on trials or the run's time budget when one of them stopped it
     * short of the count the rule asked for, recomputed here from the first stage).
     */
    private static Optional<String> precisionWarning(Series s, int firstStage, Adaptive adaptive) {
        Interval ci = s.stats().meanCi();
        if (!ci.known() || s.stats().median() == 0) {
            return Optional.empty();
        }
        double relative = (ci.high() - ci.low()) / 2 / Math.abs(s.stats().median());
        if (relative * 100 <= adaptive.precisionPercent()) {
            return Optional.empty();
        }
        int asked = SampleSize.twoStage(java.util.Arrays.copyOf(s.values(), Math.min(firstStage, s.values().length)),
                adaptive.precisionPercent() / 100, adaptive.maxTrials());
        String stop = s.stats().n() >= adaptive.maxTrials() ? " and the cap of " + adaptive.maxTrials() + " trials"
                : adaptive.budgetSeconds() != null && s.stats().n() < asked
                ? " and the run's time budget of " + Format.plain(adaptive.budgetSeconds() / 60.0) + " min (the rule asked for "
                        + asked + " trials; --budget 0 lifts it)"
                : "";
        return Optional.of(String.format(Locale.ROOT, "%s %s on %s did not reach the precision asked: its 95%% CI is ±%.1f%% of"
                        + " the median after %d trials, not ±%s%%; the cause is noise (coefficient of variation %.0f%%)%s",
                s.workload(), s.figure().name(), s.runtime(), relative * 100, s.stats().n(),
                Format.plain(adaptive.precisionPercent()), s.stats().cv() * 100, stop));
    }

    private static List<String> warningsOf(Series s) {
        List<String> out = new ArrayList<>();
        String where = s.workload() + " " + s.figure().name() + " on " + s.runtime();
        double cv = s.stats().cv();
        if (Noise.tooNoisy(cv)) {
            out.add(String.format(Locale.ROOT, "%s is noisy (coefficient of variation %.0f%%): comparisons of it are weak; "
                            + "about %d trials per runtime would resolve a %.0f%% difference", where, cv * 100,
                    Noise.trialsNeeded(cv, Noise.DETECTABLE), Noise.DETECTABLE * 100));
        }
        if (!s.stats().outliers().isEmpty()) {
            out.add(String.format(Locale.ROOT, "%s has %d outlier%s outside Tukey's fences [%s, %s]: %s (kept in the statistics)",
                    where, s.stats().outliers().size(), s.stats().outliers().size() == 1 ? "" : "s",
                    Format.number(s.stats().fences().low()), Format.number(s.stats().fences().high()),
                    String.join(", ", s.stats().outliers().stream().map(Format::number).toList())));
        }
        if (s.stats().n() < 2 && !s.figure().harness()) {
            out.add(where + " has a single trial: no spread, no confidence interval, no significance test");
        }
        return out;
    }

    private static List<String> exclusionWarnings(List<Exclusion> excluded) {
        List<String> out = new ArrayList<>();
        Map<String, Long> counts = new LinkedHashMap<>();
        for (Exclusion e : excluded) {
            if (!e.trial().warmup() || e.trial().status() != Status.OK) {
                counts.merge(e.why(), 1L, Long::sum);
            }
        }
        counts.forEach((why, n) -> out.add(n + " trial" + (n == 1 ? "" : "s") + " left out of the statistics: " + why));
        return out;
    }

    private static String why(Trial t) {
        String reason = t.reason() == null ? "" : ": " + t.reason();
        return switch (t.status()) {
            case OK -> "warm-up";
            case FAILED -> t.runtime() + " " + t.workload() + " failed" + reason;
            case TIMEOUT -> t.runtime() + " " + t.workload() + " timed out" + reason;
            case UNAVAILABLE -> "runtime " + t.runtime() + " unavailable" + reason;
        };
    }
}
