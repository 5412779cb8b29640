package io.isobench.model;

/**
 * A figure the workload measured itself (e.g. a JMH score). {@code error} is the half-width
 * of the workload's own confidence interval when it reports one, else null.
 */
public record Metric(String name, double value, String unit, Double error, boolean higherIsBetter) {
}
