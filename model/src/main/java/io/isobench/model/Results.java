package io.isobench.model;

import java.util.List;

/**
 * Contents of {@code results.json}. {@link #SCHEMA} is bumped whenever a field is renamed
 * or its meaning changes; adding fields does not bump it.
 */
public record Results(int schema, String startedAt, String finishedAt, boolean interrupted,
                      HostInfo host, RunConfig config, List<Trial> trials, List<SummaryRow> summary) {
    public static final int SCHEMA = 1;

    public Results {
        trials = List.copyOf(trials);
        summary = summary == null ? List.of() : List.copyOf(summary);
    }
}
