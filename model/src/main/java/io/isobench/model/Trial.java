package io.isobench.model;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * One run of one workload in one fresh runtime instance. This is both a line of
 * {@code trials.jsonl} and an element of {@code results.json#trials}.
 * Field names are a contract (see docs/results-schema.md).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Trial(String runtime, String workload, int trial, boolean warmup, Status status,
                    String reason, Timeline timeline, Resources resources, List<Metric> metrics,
                    VmStats vm, String startedAt) {
    public Trial {
        metrics = metrics == null ? List.of() : List.copyOf(metrics);
        timeline = timeline == null ? Timeline.empty() : timeline;
        resources = resources == null ? Resources.NONE : resources;
    }

    /** The category part of the workload id {@code category.name}. */
    public String category() {
        int dot = workload.indexOf('.');
        return dot < 0 ? workload : workload.substring(0, dot);
    }

    public boolean countsInStatistics() {
        return status == Status.OK && !warmup;
    }
}
