package io.isobench.model;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Statistics of one metric of one workload in one runtime, over the trials that count
 * (ok, not warm-up). {@code ciLow}/{@code ciHigh}: 95% confidence interval of the mean
 * (Student t); {@code medianCiLow}/{@code medianCiHigh}: 95% bootstrap interval of the
 * median; {@code outliers}: values outside Tukey's fences (counted, not dropped). The last
 * three were added in schema 1 and are absent (null) in older files.
 */
public record SummaryRow(String runtime, String workload, String metric, String unit,
                         boolean higherIsBetter, int n, double mean, double median,
                         double stddev, double min, double max, double ciLow, double ciHigh,
                         @JsonInclude(JsonInclude.Include.NON_NULL) Double medianCiLow,
                         @JsonInclude(JsonInclude.Include.NON_NULL) Double medianCiHigh,
                         @JsonInclude(JsonInclude.Include.NON_NULL) Integer outliers) {
}
