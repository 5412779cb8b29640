package io.isobench.reports.analysis;

import io.isobench.reports.figures.Figure;
import io.isobench.reports.stats.Ratio;

/** {@code runtime} against {@code baseline} for one figure of one workload, and the sentence that says it. */
public record Comparison(String workload, Figure figure, String baseline, String runtime, Ratio ratio, String verdict) {
}
