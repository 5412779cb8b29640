package io.isobench.harness.run;

import io.isobench.model.Adaptive;
import io.isobench.model.Trial;
import io.isobench.reports.figures.Figure;
import io.isobench.reports.figures.HarnessFigures;
import io.isobench.reports.stats.SampleSize;
import io.isobench.workloads.Workload;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.LongSupplier;

/**
 * Adaptive trial counts by Stein's two-stage rule (docs/methodology.md): warm-ups, then a
 * first stage of {@code firstStage} measured trials per runtime × workload cell, interleaved
 * in a seeded random order; then, from the first stage's spread of each cell's headline
 * figure alone, the number of further trials that cell needs for a 95% interval within
 * ±precision of its median (at most {@code maxTrials} in all), run as one more interleaved
 * stage. Deciding once, from the first stage only, is what keeps the reported interval
 * honest; stopping as soon as an interval looks narrow would not (SampleSizeCoverageTest).
 *
 * <p>With a time budget ({@link Adaptive#budgetSeconds()}) the second stage is cut to fit what
 * is left of it ({@link TimeBudget}); each cell's cost is the mean wall time of its trials so
 * far, warm-up included.
 *
 * <p>The headline figure is the workload's first own metric, else the timeline total (the
 * same choice the reports make). A cell with fewer than two successful first-stage trials
 * gets no second stage: there is no spread to go by, and its failures are reported.
 */
public final class AdaptiveSchedule implements Schedule {
    private final Adaptive rule;
    private final Random random;
    private final List<PlannedTrial> queue = new ArrayList<>();
    private final Map<String, List<Double>> headline = new LinkedHashMap<>();
    private final Map<String, PlannedTrial> cells = new LinkedHashMap<>();
    private final Map<String, List<Double>> seconds = new LinkedHashMap<>();
    private final LongSupplier nanoClock;
    private final long startedNs;
    private final List<String> cuts = new ArrayList<>();
    private long handedOutNs;
    private int next;
    private boolean secondStagePlanned;

    public AdaptiveSchedule(List<String> runtimes, List<Workload> workloads, int warmups, Adaptive rule, long seed) {
        this(runtimes, workloads, warmups, rule, seed, System::nanoTime);
    }

    /** @param nanoClock the run's clock (a test's own, to play trials of any length) */
    AdaptiveSchedule(List<String> runtimes, List<Workload> workloads, int warmups, Adaptive rule, long seed,
                     LongSupplier nanoClock) {
        this.rule = rule;
        this.random = new Random(seed);
        this.nanoClock = nanoClock;
        this.startedNs = nanoClock.getAsLong();
        queue.addAll(Plan.of(runtimes, workloads, rule.firstStage(), warmups, seed));
        for (PlannedTrial t : queue) {
            cells.putIfAbsent(key(t), t);
            headline.putIfAbsent(key(t), new ArrayList<>());
            seconds.putIfAbsent(key(t), new ArrayList<>());
        }
    }

    @Override
    public PlannedTrial next() {
        if (next == queue.size() && !secondStagePlanned) {
            secondStagePlanned = true;
            planSecondStage();
        }
        handedOutNs = nanoClock.getAsLong();
        return next < queue.size() ? queue.get(next++) : null;
    }

    @Override
    public void finished(PlannedTrial planned, Trial trial) {
        seconds.get(key(planned)).add((nanoClock.getAsLong() - handedOutNs) / 1e9);
        if (planned.warmup() || !trial.countsInStatistics()) {
            return;
        }
        Map<Figure, Double> figures = HarnessFigures.of(trial);
        Double value = figures.entrySet().stream().filter(e -> !e.getKey().harness()).map(Map.Entry::getValue)
                .findFirst().orElse(figures.get(HarnessFigures.TOTAL_MS));
        if (value != null) {
            headline.get(key(planned)).add(value);
        }
    }

    @Override
    public int planned() {
        return queue.size();
    }

    /** How many measured trials each cell runs in all, once the first stage is over (for tests and the log). */
    public Map<String, Integer> totals() {
        Map<String, Integer> totals = new LinkedHashMap<>();
        for (PlannedTrial t : queue) {
            if (!t.warmup()) {
                totals.merge(key(t), 1, Integer::sum);
            }
        }
        return totals;
    }

    /**
     * The cells whose second stage the time budget cut, one line each ("bare cpu.sha256: 9 of
     * 14 trials"), empty without a budget or when everything fitted; known once the first
     * stage is over.
     */
    @Override
    public List<String> cuts() {
        return List.copyOf(cuts);
    }

    private void planSecondStage() {
        List<TimeBudget.Ask> asks = new ArrayList<>();
        for (var cell : cells.entrySet()) {
            double[] first = headline.get(cell.getKey()).stream().mapToDouble(Double::doubleValue).toArray();
            int total = SampleSize.twoStage(first, rule.precisionPercent() / 100, rule.maxTrials());
            // total counts successful values: failed first-stage trials are not made up for.
            double mean = seconds.get(cell.getKey()).stream().mapToDouble(Double::doubleValue).average().orElse(0);
            asks.add(new TimeBudget.Ask(cell.getKey(), total - first.length, mean));
        }
        Map<String, Integer> granted = new LinkedHashMap<>();
        for (TimeBudget.Ask a : asks) {
            granted.put(a.cell(), a.more());
        }
        if (rule.budgetSeconds() != null) {
            double left = rule.budgetSeconds() - (nanoClock.getAsLong() - startedNs) / 1e9;
            granted = TimeBudget.grant(asks, Math.max(0, left));
            for (TimeBudget.Ask a : asks) {
                int got = granted.get(a.cell());
                if (got < a.more()) {
                    int have = headline.get(a.cell()).size();
                    cuts.add(a.cell() + ": " + (have + got) + " of " + (have + a.more()) + " trials");
                }
            }
        }
        List<PlannedTrial> more = new ArrayList<>();
        for (var cell : cells.entrySet()) {
            PlannedTrial c = cell.getValue();
            for (int i = 0; i < granted.get(cell.getKey()); i++) {
                more.add(new PlannedTrial(c.runtime(), c.workload(), 0, false));
            }
        }
        Collections.shuffle(more, random);
        // Numbered in the order they run, after the first stage's: #6 runs before #7.
        Map<String, Integer> counters = new LinkedHashMap<>();
        for (PlannedTrial t : more) {
            int index = counters.merge(key(t), rule.firstStage() + 1, (a, b) -> a + 1);
            queue.add(new PlannedTrial(t.runtime(), t.workload(), index, false));
        }
    }

    private static String key(PlannedTrial t) {
        return t.runtime() + " " + t.workload().id();
    }
}
