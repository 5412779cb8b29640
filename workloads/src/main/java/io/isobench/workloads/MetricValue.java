package io.isobench.workloads;

/**
 * One figure a workload reports, as it goes on the wire ({@link WorkloadOutput#metricLine}).
 *
 * @param error half-width of the confidence interval around {@code value}, or null
 */
public record MetricValue(String name, double value, String unit, Double error, boolean higherIsBetter) {
    public String line() {
        return WorkloadOutput.metricLine(name, value, unit, error, higherIsBetter);
    }
}
