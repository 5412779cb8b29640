package io.isobench.reports.stats;

import org.apache.commons.math3.distribution.NormalDistribution;

/**
 * When the spread is too large for a comparison to mean anything: a coefficient of
 * variation above {@link #CV_LIMIT}, and how many trials per runtime would resolve a
 * {@link #DETECTABLE} difference (two-sided 5% level, 80% power, normal approximation).
 */
public final class Noise {
    public static final double CV_LIMIT = 0.10;
    public static final double DETECTABLE = 0.05;

    private Noise() {
    }

    public static boolean tooNoisy(double cv) {
        return !Double.isNaN(cv) && cv > CV_LIMIT;
    }

    /** Trials per sample needed to detect a relative difference {@code delta} given this cv. */
    public static int trialsNeeded(double cv, double delta) {
        NormalDistribution z = new NormalDistribution();
        double k = z.inverseCumulativeProbability(0.975) + z.inverseCumulativeProbability(0.80);
        return (int) Math.ceil(2 * k * k * cv * cv / (delta * delta));
    }
}
