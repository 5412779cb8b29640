package io.isobench.harness.run;

import io.isobench.model.Trial;

import java.util.List;

/** A fixed plan ({@code --trials N}, {@code --quick}): every cell runs the same number of trials. */
public final class FixedSchedule implements Schedule {
    private final List<PlannedTrial> plan;
    private int next;

    public FixedSchedule(List<PlannedTrial> plan) {
        this.plan = List.copyOf(plan);
    }

    @Override
    public PlannedTrial next() {
        return next < plan.size() ? plan.get(next++) : null;
    }

    @Override
    public void finished(PlannedTrial planned, Trial trial) {
        // nothing depends on outcomes
    }

    @Override
    public int planned() {
        return plan.size();
    }
}
