package io.isobench.reports.analysis;

import io.isobench.reports.figures.Figure;
import io.isobench.reports.stats.Distribution;

/** The values of one figure of one workload in one runtime (trials that count), with their statistics. */
public record Series(String runtime, String workload, Figure figure, double[] values, Distribution stats) {
}
