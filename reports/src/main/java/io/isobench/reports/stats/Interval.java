package io.isobench.reports.stats;

/** A two-sided interval, e.g. a 95% confidence interval; NaN bounds when it cannot be computed (n &lt; 2). */
public record Interval(double low, double high) {
    public static final Interval UNKNOWN = new Interval(Double.NaN, Double.NaN);

    public boolean known() {
        return !Double.isNaN(low) && !Double.isNaN(high);
    }

    public boolean contains(double x) {
        return known() && low <= x && x <= high;
    }
}
