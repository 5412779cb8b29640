package io.isobench.harness.run;

import io.isobench.workloads.Workload;

/**
 * One entry of the plan.
 *
 * @param index  1-based, counted separately for warm-ups and measured trials of one
 *               runtime and workload
 */
public record PlannedTrial(String runtime, Workload workload, int index, boolean warmup) {
    public String label() {
        return runtime + " " + workload.id() + (warmup ? " warm-up " : " #") + index;
    }
}
