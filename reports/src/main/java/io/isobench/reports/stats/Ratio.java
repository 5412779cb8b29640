package io.isobench.reports.stats;

/**
 * One sample against a baseline: ratio of means (other / base) with a seeded bootstrap 95%
 * interval and both significance tests. {@code significant} needs Welch's p below 0.05 AND
 * a ratio interval that excludes 1, so a test and the interval never tell different stories.
 */
public record Ratio(double ratio, Interval ci, double welchP, double mannWhitneyP, boolean significant) {
    public static final double ALPHA = 0.05;

    public static Ratio of(double[] base, double[] other) {
        double baseMean = mean(base);
        double ratio = baseMean == 0 ? Double.NaN : mean(other) / baseMean;
        Interval ci = Bootstrap.ratioOfMeans(base, other);
        double welch = Significance.welch(base, other);
        double mw = Significance.mannWhitney(base, other);
        boolean significant = !Double.isNaN(welch) && welch < ALPHA && ci.known() && !ci.contains(1.0);
        return new Ratio(ratio, ci, welch, mw, significant);
    }

    /** Percent change of the mean, e.g. +3.1 for a ratio of 1.031. */
    public double percent() {
        return (ratio - 1) * 100;
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s / v.length;
    }
}
