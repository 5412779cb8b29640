package io.isobench.harness.run;

import io.isobench.model.Trial;

import java.util.List;

/**
 * The order of a run's trials, handed out one at a time, so that what ran so far may decide
 * what runs next (adaptive trial counts). Warm-ups come first; trials of all cells are
 * interleaved in a seeded random order.
 */
public interface Schedule {
    /** The next trial to run, or null when the run is complete. */
    PlannedTrial next();

    /** Tells the schedule how a trial it handed out ended. */
    void finished(PlannedTrial planned, Trial trial);

    /** How many trials are planned in all, as far as known now (it may grow once). */
    int planned();

    /** Cells a time budget left short of the trials their rule asked for, one line each ("bare cpu.sha256: 9 of 14 trials"). */
    default List<String> cuts() {
        return List.of();
    }
}
