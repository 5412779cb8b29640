package io.isobench.reports;

import io.isobench.model.SummaryRow;
import io.isobench.model.Trial;
import io.isobench.reports.analysis.Analysis;

import java.util.List;

/** The {@code summary} section of results.json: one row per runtime, workload and figure. */
public final class Summaries {
    private Summaries() {
    }

    public static List<SummaryRow> summarize(List<Trial> trials) {
        return summarize(trials, null);
    }

    /** @param adaptive an adaptive run's rule (null: fixed trial counts), see {@link Analysis#of(List, Adaptive)} */
    public static List<SummaryRow> summarize(List<Trial> trials, io.isobench.model.Adaptive adaptive) {
        return Analysis.of(trials, adaptive).summaryRows();
    }
}
