package io.isobench.harness.run;

import io.isobench.model.Phase;
import io.isobench.model.Resources;
import io.isobench.model.Status;
import io.isobench.model.Timeline;
import io.isobench.model.Trial;
import io.isobench.runtime.Execution;
import io.isobench.runtime.Mark;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Turns what a runtime saw ({@link Execution}) and what the cgroup accounted into a
 * {@link Trial}: the timeline (one phase per mark, each lasting from the previous mark, or
 * the spawn, to its own instant; the workload's "ready" instant inserted where it falls),
 * the status with its reason, resources and metrics.
 */
public final class TrialRecorder {
    private TrialRecorder() {
    }

    public static Trial record(PlannedTrial planned, String startedAt, Execution e, Resources resources, Duration timeout) {
        WorkloadReport report = WorkloadReport.parse(e.stdout());
        Timeline timeline = timeline(e, report.readyNs());
        Status status;
        String reason = null;
        if (e.timedOut()) {
            status = Status.TIMEOUT;
            reason = "timed out after " + timeout.toSeconds() + " s";
        } else if (e.failure() != null) {
            status = Status.FAILED;
            reason = e.failure();
        } else if (e.exitCode() != 0) {
            status = Status.FAILED;
            reason = "exit code " + e.exitCode() + lastLine(e.stderr());
        } else if (!report.problems().isEmpty()) {
            status = Status.FAILED;
            reason = report.problems().get(0);
        } else {
            status = Status.OK;
        }
        return new Trial(planned.runtime(), planned.workload().id(), planned.index(), planned.warmup(), status, reason,
                timeline, resources, report.metrics(), e.vm(), startedAt);
    }

    public static Trial failed(PlannedTrial planned, String startedAt, Status status, String reason) {
        return new Trial(planned.runtime(), planned.workload().id(), planned.index(), planned.warmup(), status, reason,
                null, null, null, null, startedAt);
    }

    static Timeline timeline(Execution e, Long readyNs) {
        List<Mark> marks = new ArrayList<>(e.marks());
        long end = marks.isEmpty() ? e.spawnNs() : marks.get(marks.size() - 1).monotonicNs();
        Double readyMs = null;
        // The ready instant counts only if it lies on the runtime's clock within the instance's lifetime.
        if (readyNs != null && readyNs >= e.spawnNs() && readyNs <= end) {
            readyMs = ms(readyNs - e.spawnNs());
            marks.add(new Mark("ready", readyNs));
            marks.sort(Comparator.comparingLong(Mark::monotonicNs));
        }
        List<Phase> phases = new ArrayList<>();
        long previous = e.spawnNs();
        for (Mark m : marks) {
            phases.add(new Phase(m.name(), ms(Math.max(0, m.monotonicNs() - previous))));
            previous = Math.max(previous, m.monotonicNs());
        }
        return new Timeline(phases, readyMs, ms(end - e.spawnNs()));
    }

    private static double ms(long ns) {
        return Math.round(ns / 1000.0) / 1000.0;
    }

    private static String lastLine(String text) {
        String t = text.strip();
        if (t.isEmpty()) {
            return "";
        }
        String last = t.substring(t.lastIndexOf('\n') + 1).strip();
        return ": " + (last.length() > 200 ? last.substring(0, 200) + "..." : last);
    }
}
