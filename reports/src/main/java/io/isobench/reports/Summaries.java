package io.isobench.reports;

import io.isobench.model.SummaryRow;
import io.isobench.model.Trial;

import java.util.List;

/** TEMPORARY placeholder (foundation branch) so the harness compiles; the reports module replaces it. */
public final class Summaries {
    private Summaries() {
    }

    public static List<SummaryRow> summarize(List<Trial> trials) {
        return List.of();
    }
}
