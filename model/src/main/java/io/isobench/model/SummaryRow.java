package io.isobench.model;

/**
 * Statistics of one metric of one workload in one runtime, over the trials that count
 * (ok, not warm-up). {@code ciLow}/{@code ciHigh}: 95% confidence interval of the mean.
 */
public record SummaryRow(String runtime, String workload, String metric, String unit,
                         boolean higherIsBetter, int n, double mean, double median,
                         double stddev, double min, double max, double ciLow, double ciHigh) {
}
