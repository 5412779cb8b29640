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

/**
 * Adaptive trial counts by Stein's two-stage rule (docs/methodology.md): warm-ups, then a
 * first stage of {@code firstStage} measured trials per runtime × workload cell, interleaved
 * in a seeded random order; then, from the first stage's spread of each cell's headline
 * figure alone, the number of further trials that cell needs for a 95% interval within
 * ±precision of its median (at most {@code maxTrials} in all), run as one more interleaved
 * stage. Deciding once, from the first stage only, is what keeps the reported interval
 * honest; stopping as soon as an interval looks narrow would not (SampleSizeCoverageTest).
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
    private int next;
    private boolean secondStagePlanned;

    public AdaptiveSchedule(List<String> runtimes, List<Workload> workloads, int warmups, Adaptive rule, long seed) {
        this.rule = rule;
        this.random = new Random(seed);
        queue.addAll(Plan.of(runtimes, workloads, rule.firstStage(), warmups, seed));
        for (PlannedTrial t : queue) {
            cells.putIfAbsent(key(t), t);
            headline.putIfAbsent(key(t), new ArrayList<>());
        }
    }

    @Override
    public PlannedTrial next() {
        if (next == queue.size() && !secondStagePlanned) {
            secondStagePlanned = true;
            planSecondStage();
        }
        return next < queue.size() ? queue.get(next++) : null;
    }

    @Override
    public void finished(PlannedTrial planned, Trial trial) {
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

    private void planSecondStage() {
        List<PlannedTrial> more = new ArrayList<>();
        for (var cell : cells.entrySet()) {
            double[] first = headline.get(cell.getKey()).stream().mapToDouble(Double::doubleValue).toArray();
            int total = SampleSize.twoStage(first, rule.precisionPercent() / 100, rule.maxTrials());
            PlannedTrial c = cell.getValue();
            // total counts successful values: failed first-stage trials are not made up for.
            for (int i = first.length; i < total; i++) {
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
