package io.isobench.reports.compare;

/**
 * One figure of one workload in one runtime, BASE against CURRENT. {@code worsePercent} is
 * the change of the mean in the bad direction (positive = worse, negative = better) taking
 * {@code higherIsBetter} into account; {@code p} is Welch's two-sided p-value.
 */
public record Check(String runtime, String workload, String figure, String unit, boolean higherIsBetter,
                    int baseN, double baseMean, int currentN, double currentMean, double worsePercent, double p,
                    Outcome outcome, String note) {
}
