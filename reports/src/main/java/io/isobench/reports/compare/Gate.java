package io.isobench.reports.compare;

import io.isobench.model.Results;
import io.isobench.model.SummaryRow;
import io.isobench.model.Trial;
import io.isobench.reports.figures.Figure;
import io.isobench.reports.figures.HarnessFigures;
import io.isobench.reports.stats.Significance;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The regression gate. For every runtime, workload and figure present in both runs, a
 * regression is flagged only when the mean moved in the bad direction (per
 * {@code higherIsBetter}) by more than {@code maxRegressionPercent} AND Welch's t-test finds
 * the difference significant at {@code alpha} (two-sided). Improvements are reported the
 * same way. {@code alpha} holds per check: on two runs of the same distribution each check
 * flags with probability at most alpha (its error rates are measured in GateSimulationTest).
 * Two independent runs are compared unpaired (Welch); a CURRENT that holds BASE's very
 * trials (an edited or re-processed copy) is compared paired.
 */
public final class Gate {
    private final double maxRegressionPercent;
    private final double alpha;

    public Gate(double maxRegressionPercent, double alpha) {
        if (!(maxRegressionPercent >= 0) || Double.isInfinite(maxRegressionPercent)) {
            throw new IllegalArgumentException("--max-regression must be a percentage of 0 or more, got " + maxRegressionPercent);
        }
        if (!(alpha > 0 && alpha < 1)) {
            throw new IllegalArgumentException("--alpha must be between 0 and 1 (exclusive), got " + alpha);
        }
        this.maxRegressionPercent = maxRegressionPercent;
        this.alpha = alpha;
    }

    /** Key of a check: runtime, workload, figure name. */
    private record Key(String runtime, String workload, String figure) {
        @Override
        public String toString() {
            return runtime + " " + workload + " " + figure;
        }
    }

    /** One side's data for a key: the figure, the values from trials (may be empty), the summary row (may be null). */
    private static final class Side {
        Figure figure;
        final List<Double> values = new ArrayList<>();
        /** Which trial each value came from (index and start time), to recognise the very same trials in both runs. */
        final List<String> trialIds = new ArrayList<>();
        SummaryRow row;

        /** Values by trial identity, or null when a trial cannot be identified (no start time) or appears twice. */
        Map<String, Double> byTrial() {
            Map<String, Double> m = new LinkedHashMap<>();
            for (int i = 0; i < values.size(); i++) {
                if (trialIds.get(i) == null || m.put(trialIds.get(i), values.get(i)) != null) {
                    return null;
                }
            }
            return m;
        }

        Sample fromTrials() {
            return values.isEmpty() ? null : Sample.of(values);
        }

        /** The summary row when there is one, else the trials. */
        Sample fromSummary() {
            return row != null ? Sample.of(row) : fromTrials();
        }

        boolean edited() {
            Sample t = fromTrials();
            return t != null && row != null && !t.agreesWith(row);
        }
    }

    public GateReport compare(Results base, Results current) throws Incomparable {
        if (base.schema() != current.schema()) {
            throw new Incomparable("BASE has results schema " + base.schema() + " and CURRENT schema " + current.schema()
                    + ": they cannot be compared");
        }
        Map<Key, Side> b = sides(base);
        Map<Key, Side> c = sides(current);
        List<Check> checks = new ArrayList<>();
        List<String> onlyBase = new ArrayList<>();
        List<String> onlyCurrent = new ArrayList<>();
        for (var e : b.entrySet()) {
            Side cur = c.get(e.getKey());
            if (cur == null) {
                onlyBase.add(e.getKey().toString());
                continue;
            }
            checks.add(check(e.getKey(), e.getValue(), cur));
        }
        c.keySet().stream().filter(k -> !b.containsKey(k)).forEach(k -> onlyCurrent.add(k.toString()));
        checks.addAll(broken(b, c, current, onlyBase));
        if (checks.isEmpty()) {
            throw new Incomparable(b.isEmpty() || c.isEmpty()
                    ? (b.isEmpty() ? "BASE" : "CURRENT") + " has no successful trials to compare"
                    : "BASE and CURRENT have no runtime, workload and figure in common");
        }
        checks.sort(Comparator.comparingInt((Check x) -> x.outcome().ordinal()));
        return new GateReport(maxRegressionPercent, alpha, checks, onlyBase, onlyCurrent);
    }

    private Check check(Key k, Side base, Side current) {
        Figure f = base.figure != null ? base.figure : current.figure;
        Check fromTrials = null;
        Sample bt = base.fromTrials();
        Sample ct = current.fromTrials();
        double[][] paired = paired(base, current);
        if (paired != null) {
            fromTrials = judge(k, f, bt, ct, pairedP(paired[0], paired[1]), "same trials in both: paired test");
        } else if (bt != null && ct != null) {
            fromTrials = judge(k, f, bt, ct, welch(bt, ct), null);
        }
        if (fromTrials != null && !base.edited() && !current.edited()) {
            return fromTrials;
        }
        // A summary that disagrees with its own trials was edited, or there are no trials:
        // judge the summaries too and report a change either finds, so an edit cannot hide a regression.
        String note = fromTrials == null ? "from the summary rows (no trials)"
                : "summary differs from its trials (edited?): judged on both";
        Sample bs = base.fromSummary();
        Sample cs = current.fromSummary();
        // With the same trials on both sides there is no sampling noise between the two
        // summaries: any difference between them is real.
        double p = paired != null ? (bs.mean() == cs.mean() ? 1.0 : 0.0) : welch(bs, cs);
        Check fromSummary = judge(k, f, bs, cs, p, note);
        if (fromTrials == null) {
            return fromSummary;
        }
        // Outcomes are ordered regression, improvement, unchanged: a change either view finds is reported.
        Check worse = fromSummary.outcome().ordinal() <= fromTrials.outcome().ordinal() ? fromSummary : fromTrials;
        return new Check(worse.runtime(), worse.workload(), worse.figure(), worse.unit(), worse.higherIsBetter(), worse.baseN(),
                worse.baseMean(), worse.currentN(), worse.currentMean(), worse.worsePercent(), worse.p(), worse.outcome(), note);
    }

    private static double welch(Sample base, Sample current) {
        return Significance.welch(Significance.summary(base.mean(), base.stddev(), base.n()),
                Significance.summary(current.mean(), current.stddev(), current.n()));
    }

    /**
     * When CURRENT holds the very same trials as BASE (matched by runtime, workload, index
     * and start time: a re-processed or edited copy), the samples are paired and the right
     * test is the paired t-test; independent runs never match.
     */
    private static double[][] paired(Side base, Side current) {
        Map<String, Double> b = base.byTrial();
        Map<String, Double> c = current.byTrial();
        if (b == null || c == null || b.size() < 2 || !b.keySet().equals(c.keySet())) {
            return null;
        }
        double[] x = new double[b.size()];
        double[] y = new double[b.size()];
        int i = 0;
        for (var e : b.entrySet()) {
            x[i] = e.getValue();
            y[i++] = c.get(e.getKey());
        }
        return new double[][]{x, y};
    }

    /**
     * Paired t-test. Performance changes are multiplicative (a 20% slowdown scales every
     * trial), so positive values are compared on the log scale, i.e. on per-trial ratios.
     */
    private static double pairedP(double[] x, double[] y) {
        boolean positive = java.util.Arrays.stream(x).allMatch(v -> v > 0) && java.util.Arrays.stream(y).allMatch(v -> v > 0);
        double[] a = positive ? java.util.Arrays.stream(x).map(Math::log).toArray() : x;
        double[] b = positive ? java.util.Arrays.stream(y).map(Math::log).toArray() : y;
        double[] d = new double[a.length];
        double mean = 0;
        for (int i = 0; i < a.length; i++) {
            d[i] = b[i] - a[i];
            mean += d[i] / a.length;
        }
        double ss = 0;
        for (double v : d) {
            ss += (v - mean) * (v - mean);
        }
        // Every trial changed by the same factor (to rounding): no noise in the difference at all.
        if (Math.sqrt(ss / (d.length - 1)) <= 1e-9 * Math.max(1, Math.abs(mean))) {
            return Math.abs(mean) <= 1e-12 ? 1.0 : 0.0;
        }
        return new org.apache.commons.math3.stat.inference.TTest().pairedTTest(a, b);
    }

    Check judge(Key k, Figure f, Sample base, Sample current, double p, String note) {
        double change = base.mean() == 0 ? Double.NaN : (current.mean() - base.mean()) / Math.abs(base.mean()) * 100;
        double worse = f.higherIsBetter() ? -change : change;
        Outcome outcome;
        if (Double.isNaN(p) || Double.isNaN(worse)) {
            outcome = Outcome.UNTESTABLE;
            if (note == null) {
                note = Double.isNaN(worse) ? "base mean is 0" : "fewer than 2 trials on a side";
            }
        } else if (p < alpha && worse > maxRegressionPercent) {
            outcome = Outcome.REGRESSION;
        } else if (p < alpha && -worse > maxRegressionPercent) {
            outcome = Outcome.IMPROVEMENT;
        } else {
            outcome = Outcome.UNCHANGED;
        }
        return new Check(k.runtime(), k.workload(), k.figure(), f.unit(), f.higherIsBetter(), base.n(), base.mean(), current.n(),
                current.mean(), worse, p, outcome, note);
    }

    /**
     * A workload that worked in BASE but whose every trial failed or timed out in CURRENT is
     * the worst regression of all: one failed check per runtime and workload (instead of
     * "only in BASE"). A workload CURRENT did not run at all is only listed.
     */
    private static List<Check> broken(Map<Key, Side> b, Map<Key, Side> c, Results current, List<String> onlyBase) {
        List<Check> out = new ArrayList<>();
        Map<String, String> reasons = new LinkedHashMap<>();
        for (Key k : b.keySet()) {
            String rw = k.runtime() + " " + k.workload();
            boolean okInCurrent = c.keySet().stream().anyMatch(x -> x.runtime().equals(k.runtime()) && x.workload().equals(k.workload()));
            if (okInCurrent || reasons.containsKey(rw)) {
                continue;
            }
            current.trials().stream()
                    .filter(t -> t.runtime().equals(k.runtime()) && t.workload().equals(k.workload()) && !t.warmup()
                            && (t.status() == io.isobench.model.Status.FAILED || t.status() == io.isobench.model.Status.TIMEOUT))
                    .findFirst()
                    .ifPresent(t -> reasons.put(rw, t.status().json() + (t.reason() == null ? "" : ": " + t.reason())));
        }
        reasons.forEach((rw, reason) -> {
            String[] parts = rw.split(" ", 2);
            onlyBase.removeIf(x -> x.startsWith(rw + " "));
            out.add(new Check(parts[0], parts[1], "trials", "", false, 0, Double.NaN, 0, Double.NaN, Double.NaN, Double.NaN,
                    Outcome.REGRESSION, "no trial succeeded in CURRENT (" + reason + ")"));
        });
        return out;
    }

    /** Per key: values of the trials that count, and the summary row. */
    private static Map<Key, Side> sides(Results r) {
        Map<Key, Side> out = new LinkedHashMap<>();
        for (Trial t : r.trials()) {
            if (!t.countsInStatistics()) {
                continue;
            }
            HarnessFigures.of(t).forEach((f, v) -> {
                Side s = out.computeIfAbsent(new Key(t.runtime(), t.workload(), f.name()), x -> new Side());
                s.figure = f;
                s.values.add(v);
                s.trialIds.add(t.startedAt() == null ? null : t.trial() + "@" + t.startedAt());
            });
        }
        for (SummaryRow row : r.summary()) {
            Side s = out.computeIfAbsent(new Key(row.runtime(), row.workload(), row.metric()), x -> new Side());
            s.row = row;
            if (s.figure == null) {
                boolean harness = HarnessFigures.isHarnessName(row.metric());
                s.figure = new Figure(row.metric(), row.unit(), row.higherIsBetter(), harness, true);
            }
        }
        // A resource counter that is 0 everywhere means "not accounted": nothing to gate.
        out.values().removeIf(s -> s.figure.harness() && s.values.stream().allMatch(v -> v == 0)
                && (s.row == null || s.row.mean() == 0));
        return out;
    }
}
