package io.isobench.reports.stats;

import org.apache.commons.math3.stat.descriptive.StatisticalSummary;
import org.apache.commons.math3.stat.descriptive.StatisticalSummaryValues;
import org.apache.commons.math3.stat.inference.MannWhitneyUTest;
import org.apache.commons.math3.stat.inference.TTest;

import java.util.Arrays;

/** Two-sided p-values of "these two samples have the same location"; NaN when not computable. */
public final class Significance {
    private Significance() {
    }

    /** Welch's t-test (unequal variances). */
    public static double welch(double[] a, double[] b) {
        if (a.length < 2 || b.length < 2) {
            return Double.NaN;
        }
        return welch(summary(a), summary(b));
    }

    /** Welch's t-test from summaries alone (mean, variance, n). */
    public static double welch(StatisticalSummary a, StatisticalSummary b) {
        if (a.getN() < 2 || b.getN() < 2) {
            return Double.NaN;
        }
        if (a.getVariance() == 0 && b.getVariance() == 0) {
            // Two constant samples: identical or certainly different; the t statistic is undefined.
            return a.getMean() == b.getMean() ? 1.0 : 0.0;
        }
        return new TTest().tTest(a, b);
    }

    public static StatisticalSummary summary(double mean, double stddev, long n) {
        double var = Double.isNaN(stddev) ? 0 : stddev * stddev;
        return new StatisticalSummaryValues(mean, var, n, Double.NaN, Double.NaN, Double.NaN);
    }

    static StatisticalSummary summary(double[] v) {
        double mean = Arrays.stream(v).average().orElse(Double.NaN);
        double ss = 0;
        for (double x : v) {
            ss += (x - mean) * (x - mean);
        }
        return new StatisticalSummaryValues(mean, ss / (v.length - 1), v.length, Double.NaN, Double.NaN, Double.NaN);
    }

    /** Mann-Whitney U (normal approximation): no assumption about the shape of the distributions. */
    public static double mannWhitney(double[] a, double[] b) {
        if (a.length < 2 || b.length < 2) {
            return Double.NaN;
        }
        if (allEqual(a, b)) {
            return 1.0;
        }
        return new MannWhitneyUTest().mannWhitneyUTest(a, b);
    }

    private static boolean allEqual(double[] a, double[] b) {
        double first = a[0];
        return Arrays.stream(a).allMatch(x -> x == first) && Arrays.stream(b).allMatch(x -> x == first);
    }
}
