package io.isobench.harness.fidelity;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One workload's samples next to its tool's, round by round.
 *
 * @param unavailable why the tool could not run here (then {@code tool} is empty), or null
 */
public record FidelityRow(Counterpart counterpart, List<Double> ours, List<Double> tool, String unavailable) {
    /** Rounds needed before two ranges say anything about noise. */
    static final int MIN_ROUNDS_FOR_VERDICT = 3;

    public FidelityRow {
        ours = List.copyOf(ours);
        tool = List.copyOf(tool);
    }

    public double ourMedian() {
        return median(ours);
    }

    public double toolMedian() {
        return median(tool);
    }

    /** isobench / tool, medians; NaN when either side has no sample. */
    public double ratio() {
        return ours.isEmpty() || tool.isEmpty() ? Double.NaN : ourMedian() / toolMedian();
    }

    /**
     * "within noise" when the two sides' ranges overlap, "differs" when they do not, each only
     * with {@link #MIN_ROUNDS_FOR_VERDICT} rounds or more; a nearest-pattern tool gets no verdict,
     * since its figure is not expected to be the workload's.
     */
    public String verdict() {
        if (unavailable != null) {
            return "tool unavailable: " + unavailable;
        }
        if (ours.isEmpty() || tool.isEmpty()) {
            return "no figure";
        }
        if (!counterpart.samePattern()) {
            return "reference only (another pattern)";
        }
        if (Math.min(ours.size(), tool.size()) < MIN_ROUNDS_FOR_VERDICT) {
            return "too few rounds for a verdict";
        }
        boolean overlap = Collections.max(ours) >= Collections.min(tool) && Collections.max(tool) >= Collections.min(ours);
        return overlap ? "within noise" : "differs";
    }

    static double median(List<Double> xs) {
        if (xs.isEmpty()) {
            return Double.NaN;
        }
        List<Double> s = new ArrayList<>(xs);
        Collections.sort(s);
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }
}
