package io.isobench.harness.run;

import io.isobench.model.Status;
import io.isobench.model.Trial;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The runtime × workload cells of a run that ran but never succeeded: every measured trial
 * failed or timed out. Such a run has no figure for that cell, so {@code isobench run} exits
 * {@link #EXIT_CODE} instead of 0, and a CI job notices. Cells whose trials are all
 * {@code unavailable} (a runtime or a workload this host cannot run, already said on
 * stderr) do not count: asking for one runtime alone is how to require it (exit 2 when it
 * cannot run).
 */
public final class FailedCells {
    /** {@code isobench run}'s exit code when some cell has no successful trial (DESIGN.md). */
    public static final int EXIT_CODE = 3;

    private FailedCells() {
    }

    /** One cell and the reason of its last failed trial. */
    public record Cell(String runtime, String workload, String lastReason) {
        @Override
        public String toString() {
            return runtime + " × " + workload + (lastReason == null ? "" : " (" + lastReason + ")");
        }
    }

    /** The cells, in the order their first trial appears, that have measured trials and none ok. */
    public static List<Cell> of(List<Trial> trials) {
        Map<String, Boolean> succeeded = new LinkedHashMap<>();
        Map<String, Cell> lastFailure = new LinkedHashMap<>();
        for (Trial t : trials) {
            if (t.warmup() || t.status() == Status.UNAVAILABLE) {
                continue;
            }
            String key = t.runtime() + "\u0000" + t.workload();
            succeeded.merge(key, t.status() == Status.OK, Boolean::logicalOr);
            if (t.status() != Status.OK) {
                lastFailure.put(key, new Cell(t.runtime(), t.workload(), t.status().json()
                        + (t.reason() == null ? "" : ": " + t.reason())));
            }
        }
        List<Cell> cells = new ArrayList<>();
        succeeded.forEach((key, ok) -> {
            if (!ok) {
                cells.add(lastFailure.get(key));
            }
        });
        return cells;
    }
}
