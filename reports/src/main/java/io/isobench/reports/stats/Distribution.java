package io.isobench.reports.stats;

import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.stat.descriptive.DescriptiveStatistics;

import java.util.Arrays;
import java.util.List;

/**
 * Descriptive statistics of one sample (one figure of one workload in one runtime): the
 * spread travels with every figure. {@code meanCi} is Student's t 95% interval,
 * {@code medianCi} a seeded bootstrap 95% interval; {@code outliers} are the values outside
 * Tukey's fences (flagged, still counted).
 */
public record Distribution(int n, double mean, double median, double stddev, double min, double max,
                           Interval meanCi, Interval medianCi, Fences fences, List<Double> outliers) {

    public static Distribution of(double[] values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("no values");
        }
        DescriptiveStatistics s = new DescriptiveStatistics(values);
        int n = values.length;
        double sd = n > 1 ? s.getStandardDeviation() : Double.NaN;
        Interval meanCi = Interval.UNKNOWN;
        if (n > 1) {
            double half = new TDistribution(n - 1).inverseCumulativeProbability(0.975) * sd / Math.sqrt(n);
            meanCi = new Interval(s.getMean() - half, s.getMean() + half);
        }
        Fences fences = Fences.tukey(values);
        List<Double> outliers = Arrays.stream(values).filter(v -> !fences.inside(v)).sorted().boxed().toList();
        return new Distribution(n, s.getMean(), median(values), sd, s.getMin(), s.getMax(), meanCi,
                Bootstrap.median(values), fences, outliers);
    }

    /** The same statistics with another interval of the mean (e.g. Stein's after adaptive sampling). */
    public Distribution withMeanCi(Interval ci) {
        return new Distribution(n, mean, median, stddev, min, max, ci, medianCi, fences, outliers);
    }

    /** Coefficient of variation (stddev / mean); NaN when undefined. */
    public double cv() {
        return n > 1 && mean != 0 ? stddev / Math.abs(mean) : Double.NaN;
    }

    /** The middle value (mean of the two middle ones for an even count). */
    public static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int m = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[m] : (sorted[m - 1] + sorted[m]) / 2;
    }
}
