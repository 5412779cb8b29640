package io.isobench.reports.stats;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Percentile bootstrap, seeded from the data itself: the same measurements always give the
 * same interval, so a re-rendered report never changes its numbers.
 */
public final class Bootstrap {
    /** Resamples per interval: enough for stable 2.5/97.5 percentiles, cheap for n up to a few hundred. */
    public static final int RESAMPLES = 2000;

    private Bootstrap() {
    }

    /** 95% interval of the median. */
    public static Interval median(double[] unordered) {
        if (unordered.length < 2) {
            return Interval.UNKNOWN;
        }
        double[] values = sorted(unordered);
        SplittableRandom random = new SplittableRandom(seed(values));
        double[] estimates = new double[RESAMPLES];
        double[] resample = new double[values.length];
        for (int r = 0; r < RESAMPLES; r++) {
            for (int i = 0; i < resample.length; i++) {
                resample[i] = values[random.nextInt(values.length)];
            }
            estimates[r] = Distribution.median(resample);
        }
        return percentiles(estimates);
    }

    /**
     * 95% interval of mean(other) / mean(base), both samples resampled independently (they
     * are independent trials of different runtimes). Unknown when base's mean can be zero.
     */
    public static Interval ratioOfMeans(double[] unorderedBase, double[] unorderedOther) {
        if (unorderedBase.length < 2 || unorderedOther.length < 2) {
            return Interval.UNKNOWN;
        }
        double[] base = sorted(unorderedBase);
        double[] other = sorted(unorderedOther);
        SplittableRandom random = new SplittableRandom(seed(base) * 31 + seed(other));
        double[] estimates = new double[RESAMPLES];
        for (int r = 0; r < RESAMPLES; r++) {
            double b = resampledMean(base, random);
            if (b == 0) {
                return Interval.UNKNOWN;
            }
            estimates[r] = resampledMean(other, random) / b;
        }
        return percentiles(estimates);
    }

    private static double resampledMean(double[] values, SplittableRandom random) {
        double sum = 0;
        for (int i = 0; i < values.length; i++) {
            sum += values[random.nextInt(values.length)];
        }
        return sum / values.length;
    }

    private static Interval percentiles(double[] estimates) {
        Arrays.sort(estimates);
        return new Interval(estimates[(int) Math.floor(0.025 * (estimates.length - 1))],
                estimates[(int) Math.ceil(0.975 * (estimates.length - 1))]);
    }

    /** Resampling indexes a sorted copy, so the order the trials ran in cannot change the result. */
    private static double[] sorted(double[] values) {
        double[] s = values.clone();
        Arrays.sort(s);
        return s;
    }

    /** A seed that depends on the values only (not on their order, so a merged file gives the same result). */
    static long seed(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        long seed = 0x15BE4C4L;
        for (double v : sorted) {
            seed = seed * 1_000_003L + Double.doubleToLongBits(v);
        }
        return seed;
    }
}
