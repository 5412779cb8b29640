package io.isobench.harness.run;

import io.isobench.model.Resources;
import io.isobench.model.ResultsJson;
import io.isobench.model.Status;
import io.isobench.model.Trial;
import io.isobench.model.VmStats;
import io.isobench.runtime.Execution;
import io.isobench.runtime.Mark;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrialRecorderTest {
    static final PlannedTrial PLANNED = new PlannedTrial("bare", PlanTest.A, 3, false);
    static final List<Mark> MARKS = List.of(new Mark("launcher", 1_002_000_000L), new Mark("cgroup", 1_003_000_000L),
            new Mark("exec", 1_003_500_000L), new Mark("exit", 1_200_000_000L));

    static Execution exec(int code, boolean timedOut, String stdout, String failure) {
        return new Execution(code, timedOut, stdout, "first\nlast words\n", 1_000_000_000L, MARKS, 1, 1, null, failure);
    }

    @Test
    void phasesAreDurationsBetweenMarksWithReadyInserted() {
        String out = "hello\n@@isobench ready 1100000000\n@@isobench metric {\"name\":\"score\",\"value\":12.5,\"unit\":\"ops/s\",\"error\":0.5,\"higherIsBetter\":true}\n";
        Trial t = TrialRecorder.record(PLANNED, "now", exec(0, false, out, null), new Resources(1, 2, 3, 4, 5), Duration.ofSeconds(9));
        assertEquals(Status.OK, t.status());
        assertEquals(List.of("launcher", "cgroup", "exec", "ready", "exit"), t.timeline().phases().stream().map(p -> p.name()).toList());
        assertEquals(List.of(2.0, 1.0, 0.5, 96.5, 100.0), t.timeline().phases().stream().map(p -> p.ms()).toList());
        assertEquals(100.0, t.timeline().readyMs());
        assertEquals(200.0, t.timeline().totalMs());
        assertEquals(1, t.metrics().size());
        assertEquals(12.5, t.metrics().get(0).value());
        assertEquals(0.5, t.metrics().get(0).error());
        assertEquals("ops/s", t.metrics().get(0).unit());
        assertEquals(3, t.trial());
    }

    @Test
    void readyOutsideTheInstanceLifetimeIsNotUsed() {
        Trial t = TrialRecorder.record(PLANNED, "now", exec(0, false, "@@isobench ready 5\n", null), Resources.NONE, Duration.ofSeconds(9));
        assertNull(t.timeline().readyMs());
        assertEquals(4, t.timeline().phases().size());
    }

    @Test
    void statusesAndReasons() {
        assertEquals("exit code 3: last words",
                TrialRecorder.record(PLANNED, "now", exec(3, false, "", null), Resources.NONE, Duration.ofSeconds(9)).reason());
        Trial oom = TrialRecorder.record(PLANNED, "now", exec(137, false, "", "out of memory (limit 64 MiB)"), Resources.NONE, Duration.ofSeconds(9));
        assertEquals(Status.FAILED, oom.status());
        assertEquals("out of memory (limit 64 MiB)", oom.reason());
        Trial timeout = TrialRecorder.record(PLANNED, "now", exec(137, true, "", null), Resources.NONE, Duration.ofSeconds(9));
        assertEquals(Status.TIMEOUT, timeout.status());
        assertEquals("timed out after 9 s", timeout.reason());
        Trial bad = TrialRecorder.record(PLANNED, "now", exec(0, false, "@@isobench metric {\"name\":\"x\"}\n", null), Resources.NONE, Duration.ofSeconds(9));
        assertEquals(Status.FAILED, bad.status());
    }

    @Test
    void aVmTrialKeepsItsVmFiguresInTheTrialsLine() throws Exception {
        VmStats vm = new VmStats(Map.of("io", 4100L, "mmio", 950L, "hlt", 12L), 256L << 20, 70L << 20, 48L << 20);
        Execution e = new Execution(0, false, "", "", 1_000_000_000L, MARKS, 1, 1, vm, null);
        Trial t = TrialRecorder.record(new PlannedTrial("vm", PlanTest.A, 1, false), "now", e, new Resources(1, 2, 3, 4, 5),
                Duration.ofSeconds(9));
        assertEquals(Status.OK, t.status());
        assertEquals(vm, t.vm());
        String line = ResultsJson.line(t);
        assertTrue(line.contains("\"vm\":{\"exits\":{\"hlt\":12,\"io\":4100,\"mmio\":950},\"guestMemoryBytes\":268435456,"
                + "\"touchedBytes\":73400320,\"monitorOverheadBytes\":50331648}"), line);
        assertEquals(t, ResultsJson.parseLine(line));
    }
}
