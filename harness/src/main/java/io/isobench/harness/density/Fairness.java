package io.isobench.harness.density;

import java.util.List;

/**
 * Jain's fairness index (sum x)^2 / (n * sum x^2): 1 when every instance got the same CPU
 * time, 1/n when one got all of it.
 */
public final class Fairness {
    private Fairness() {
    }

    /** Null when nothing was used (the index is undefined for all zeros). */
    public static Double jain(List<Long> values) {
        double sum = 0;
        double squares = 0;
        for (long v : values) {
            sum += v;
            squares += (double) v * v;
        }
        if (values.isEmpty() || squares == 0) {
            return null;
        }
        return sum * sum / (values.size() * squares);
    }
}
