package io.isobench.reports.stats;

import org.apache.commons.math3.stat.descriptive.rank.Percentile;

/**
 * Tukey's fences: values below Q1 - 1.5 IQR or above Q3 + 1.5 IQR are outliers. They are
 * shown and counted, never dropped: a slow trial is a measurement too.
 */
public record Fences(double q1, double q3, double low, double high) {
    public static Fences tukey(double[] values) {
        // R-7 (linear interpolation) quartiles, the textbook and spreadsheet definition.
        Percentile p = new Percentile().withEstimationType(Percentile.EstimationType.R_7);
        p.setData(values);
        double q1 = p.evaluate(25);
        double q3 = p.evaluate(75);
        double iqr = q3 - q1;
        return new Fences(q1, q3, q1 - 1.5 * iqr, q3 + 1.5 * iqr);
    }

    public boolean inside(double v) {
        return v >= low && v <= high;
    }
}
