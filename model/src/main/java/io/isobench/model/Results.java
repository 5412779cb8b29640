package io.isobench.model;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * Contents of {@code results.json}. {@link #SCHEMA} is bumped whenever a field is renamed
 * or its meaning changes; adding fields does not bump it.
 */
public record Results(int schema, String startedAt, String finishedAt, boolean interrupted,
                      HostInfo host, RunConfig config, List<Trial> trials, List<SummaryRow> summary,
                      @JsonInclude(JsonInclude.Include.NON_NULL) HostConditions conditions) {
    public static final int SCHEMA = 1;

    /** Results without a record of the host's noise sources (older files, merged or synthetic runs). */
    public Results(int schema, String startedAt, String finishedAt, boolean interrupted, HostInfo host, RunConfig config,
                   List<Trial> trials, List<SummaryRow> summary) {
        this(schema, startedAt, finishedAt, interrupted, host, config, trials, summary, null);
    }

    public Results {
        trials = List.copyOf(trials);
        summary = summary == null ? List.of() : List.copyOf(summary);
    }
}
