package io.isobench.model;

import java.util.List;

/**
 * Startup timeline of a trial. Phases add up to {@code totalMs}; {@code readyMs} is the
 * time from spawning the runtime to the workload's own "ready" point (null when the
 * workload cannot say, e.g. a static no-op binary).
 */
public record Timeline(List<Phase> phases, Double readyMs, double totalMs) {
    public Timeline {
        phases = List.copyOf(phases);
    }

    public static Timeline empty() {
        return new Timeline(List.of(), null, 0);
    }
}
