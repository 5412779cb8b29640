package io.isobench.reports.stats;

import java.util.Locale;

/**
 * A plain sentence for a ratio: "no measurable difference" or "container 3.1% slower, 95% CI
 * 2.4–3.8%". Direction-aware: for a higher-is-better figure a lower ratio is the worse one.
 */
public final class Verdict {
    private Verdict() {
    }

    /**
     * @param timeLike the figure is a duration or a rate, so a worse value reads "slower"
     *                 (else "more"/"less", e.g. memory)
     */
    public static String of(String runtime, Ratio r, boolean higherIsBetter, boolean timeLike) {
        if (Double.isNaN(r.ratio())) {
            return "no ratio (baseline is zero)";
        }
        if (Double.isNaN(r.welchP()) || !r.ci().known()) {
            return "too few trials to compare";
        }
        if (!r.significant()) {
            return "no measurable difference";
        }
        double pct = Math.abs(r.percent());
        double lo = Math.abs((r.ci().low() - 1) * 100);
        double hi = Math.abs((r.ci().high() - 1) * 100);
        boolean bigger = r.ratio() > 1;
        String word;
        if (higherIsBetter) {
            word = timeLike ? (bigger ? "faster" : "slower") : (bigger ? "more" : "less");
        } else {
            word = timeLike ? (bigger ? "slower" : "faster") : (bigger ? "more" : "less");
        }
        return String.format(Locale.ROOT, "%s %s %s, 95%% CI %s–%s%%", runtime, percent(pct), word,
                number(Math.min(lo, hi)), number(Math.max(lo, hi)));
    }

    private static String percent(double p) {
        return number(p) + "%";
    }

    /** One decimal below 100, none above: "3.1", "250". */
    static String number(double p) {
        return p >= 100 ? String.format(Locale.ROOT, "%.0f", p) : String.format(Locale.ROOT, "%.1f", p);
    }
}
