package io.isobench.model.density;

import io.isobench.model.HostInfo;

import java.util.List;

/**
 * {@code density.json}: what {@code isobench density} measured (docs/density.md has the
 * field list). Versioned like results.json: rename a field only with a new {@link #SCHEMA}.
 *
 * @param schema      {@link #SCHEMA}
 * @param kind        always {@code density}, so a reader can tell the file from results.json
 * @param interrupted Ctrl-C ended the run; the figures are those measured so far
 * @param runs        one per runtime, in the order measured
 */
public record DensityResults(int schema, String kind, String startedAt, String finishedAt, boolean interrupted,
                             HostInfo host, DensityConfig config, List<DensityRun> runs) {
    public static final int SCHEMA = 1;
    public static final String KIND = "density";

    public DensityResults {
        runs = runs == null ? List.of() : List.copyOf(runs);
    }
}
