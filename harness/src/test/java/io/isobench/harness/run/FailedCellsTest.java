package io.isobench.harness.run;

import io.isobench.model.Status;
import io.isobench.model.Trial;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class FailedCellsTest {

    @Test
    void aCellCountsOnlyWhenItRanAndNoMeasuredTrialSucceeded() {
        List<Trial> trials = new ArrayList<>();
        // bare × a: one failure, one success: fine.
        trials.add(trial("bare", "cpu.a", false, Status.FAILED, "exit code 1"));
        trials.add(trial("bare", "cpu.a", false, Status.OK, null));
        // bare × b: a successful warm-up does not count, the measured ones all failed.
        trials.add(trial("bare", "cpu.b", true, Status.OK, null));
        trials.add(trial("bare", "cpu.b", false, Status.TIMEOUT, "timed out after 5 s"));
        trials.add(trial("bare", "cpu.b", false, Status.FAILED, "out of memory (limit 8 MiB)"));
        // vm × a: unavailable on this host, said elsewhere: not a failed cell.
        trials.add(trial("vm", "cpu.a", false, Status.UNAVAILABLE, "KVM is emulated"));

        List<FailedCells.Cell> cells = FailedCells.of(trials);

        assertEquals(List.of(new FailedCells.Cell("bare", "cpu.b", "failed: out of memory (limit 8 MiB)")), cells);
        assertEquals("bare × cpu.b (failed: out of memory (limit 8 MiB))", cells.get(0).toString());
        assertEquals(List.of(), FailedCells.of(trials.subList(0, 2)));
    }

    private static Trial trial(String runtime, String workload, boolean warmup, Status status, String reason) {
        return new Trial(runtime, workload, 1, warmup, status, reason, null, null, null, null, null);
    }
}
