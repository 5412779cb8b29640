package io.isobench.harness.run;

import io.isobench.model.Adaptive;
import io.isobench.model.Metric;
import io.isobench.model.Status;
import io.isobench.model.Trial;
import io.isobench.workloads.Catalog;
import io.isobench.workloads.Workload;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The two-stage schedule, fed with simulated outcomes: who gets a second stage, in which order, numbered how. */
class AdaptiveScheduleTest {
    private final Workload quiet = Catalog.byId("cpu.sha256");
    private final Workload noisy = Catalog.byId("syscall.rate");
    private final Workload broken = Catalog.byId("memory.triad");

    @Test
    void quietCellsStopAfterTheFirstStageNoisyOnesRunToTheCapBrokenOnesGetNoSecondStage() {
        Adaptive rule = new Adaptive(2, 5, 20);
        AdaptiveSchedule schedule = new AdaptiveSchedule(List.of("bare", "container"), List.of(quiet, noisy, broken), 1, rule, 42);
        assertEquals(2 * 3 * (1 + 5), schedule.planned(), "warm-ups and the first stage are planned up front");
        Random noise = new Random(1);
        List<PlannedTrial> ran = new ArrayList<>();
        for (PlannedTrial p = schedule.next(); p != null; p = schedule.next()) {
            ran.add(p);
            double cv = p.workload() == quiet ? 0.001 : 0.3;
            Status status = p.workload() == broken && !p.warmup() ? Status.FAILED : Status.OK;
            schedule.finished(p, new Trial(p.runtime(), p.workload().id(), p.index(), p.warmup(), status, null, null, null,
                    List.of(new Metric("throughput", 100 * (1 + noise.nextGaussian() * cv), "MB/s", null, true)), null, null));
        }
        Map<String, Integer> measured = new HashMap<>();
        for (PlannedTrial p : ran) {
            if (!p.warmup()) {
                measured.merge(p.runtime() + " " + p.workload().id(), 1, Integer::sum);
            }
        }
        for (String r : List.of("bare", "container")) {
            assertEquals(5, measured.get(r + " cpu.sha256"), measured.toString());
            assertEquals(20, measured.get(r + " syscall.rate"), measured.toString());
            assertEquals(5, measured.get(r + " memory.triad"), "failed cells are not extended: " + measured);
        }
        assertEquals(ran.size(), schedule.planned());
        // Warm-ups first; the first stage entirely before the second; trials numbered in the order they ran.
        int firstMeasured = ran.indexOf(ran.stream().filter(p -> !p.warmup()).findFirst().orElseThrow());
        assertTrue(ran.subList(0, firstMeasured).stream().allMatch(PlannedTrial::warmup));
        int firstSecondStage = ran.indexOf(ran.stream().filter(p -> p.index() > 5).findFirst().orElseThrow());
        assertFalse(ran.subList(firstSecondStage, ran.size()).stream().anyMatch(p -> p.index() <= 5 && !p.warmup()));
        Map<String, Integer> last = new HashMap<>();
        for (PlannedTrial p : ran) {
            if (!p.warmup()) {
                int previous = last.getOrDefault(p.runtime() + p.workload().id(), 0);
                assertEquals(previous + 1, p.index(), p.label());
                last.put(p.runtime() + p.workload().id(), p.index());
            }
        }
        // The second stage interleaves the two noisy cells rather than running one after the other.
        List<String> second = ran.subList(firstSecondStage, ran.size()).stream().map(PlannedTrial::runtime).toList();
        assertTrue(second.subList(0, 15).contains("bare") && second.subList(0, 15).contains("container"), second.toString());
    }

    @Test
    void aTimeBudgetCutsTheSecondStageFromTheFirstStagesDurationsAndSaysWhichCells() {
        // Trials take 10 s each on this test's clock; 2 cells x (1 warm-up + 5) = 120 s of
        // first stage, then a budget of 200 s leaves 80 s: 8 more trials, where the two noisy
        // cells ask for 15 each.
        long[] now = {0};
        Adaptive rule = new Adaptive(2, 5, 20, 200);
        AdaptiveSchedule schedule = new AdaptiveSchedule(List.of("bare", "container"), List.of(noisy), 1, rule, 42,
                () -> now[0]);
        Random noise = new Random(1);
        Map<String, Integer> measured = new HashMap<>();
        for (PlannedTrial p = schedule.next(); p != null; p = schedule.next()) {
            now[0] += 10_000_000_000L;
            schedule.finished(p, new Trial(p.runtime(), p.workload().id(), p.index(), p.warmup(), Status.OK, null, null, null,
                    List.of(new Metric("rate", 100 * (1 + noise.nextGaussian() * 0.3), "calls/s", null, true)), null, null));
            if (!p.warmup()) {
                measured.merge(p.runtime(), 1, Integer::sum);
            }
        }
        assertEquals(5 + 5 + 8, measured.values().stream().mapToInt(Integer::intValue).sum(), measured.toString());
        assertEquals(2, schedule.cuts().size(), schedule.cuts().toString());
        assertTrue(schedule.cuts().get(0).matches("bare syscall\\.rate: 9 of \\d+ trials"), schedule.cuts().toString());
    }
}
