package io.isobench.reports.analysis;

import java.util.Locale;

/** Numbers for people: a few significant digits, bytes in binary units, NaN as a dash. */
public final class Format {
    private Format() {
    }

    public static String number(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return "–";
        }
        double a = Math.abs(v);
        if (a == 0) {
            return "0";
        }
        if (a >= 1e6 || a < 1e-3) {
            return String.format(Locale.ROOT, "%.3g", v);
        }
        if (a >= 100) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        if (a >= 10) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        if (a >= 1) {
            return String.format(Locale.ROOT, "%.2f", v);
        }
        return String.format(Locale.ROOT, "%.3f", v);
    }

    /** A value in its unit, bytes shown as KiB/MiB/GiB. */
    public static String value(double v, String unit) {
        if ("bytes".equals(unit)) {
            return bytes(v);
        }
        return number(v) + (unit == null || unit.isEmpty() ? "" : " " + unit);
    }

    public static String bytes(double v) {
        if (Double.isNaN(v)) {
            return "–";
        }
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
        int i = 0;
        double x = v;
        while (Math.abs(x) >= 1024 && i < units.length - 1) {
            x /= 1024;
            i++;
        }
        return number(x) + " " + units[i];
    }

    public static String percent(double p) {
        return Double.isNaN(p) ? "–" : String.format(Locale.ROOT, "%+.1f%%", p);
    }

    public static String p(double p) {
        if (Double.isNaN(p)) {
            return "–";
        }
        return p < 0.001 ? "<0.001" : String.format(Locale.ROOT, "%.3f", p);
    }

    /** A series' median with the bootstrap interval of the median: "12.3 ms [12.1–12.6]". */
    public static String median(Series s) {
        String unit = s.figure().unit();
        String v = value(s.stats().median(), unit);
        if (!s.stats().medianCi().known()) {
            return v + " (n=1)";
        }
        if ("bytes".equals(unit)) {
            return v + " [" + bytes(s.stats().medianCi().low()) + "–" + bytes(s.stats().medianCi().high()) + "]";
        }
        return v + " [" + number(s.stats().medianCi().low()) + "–" + number(s.stats().medianCi().high()) + "]";
    }

    /** An interval in the figure's unit. */
    public static String interval(io.isobench.reports.stats.Interval i, String unit) {
        if (!i.known()) {
            return "–";
        }
        return "bytes".equals(unit) ? bytes(i.low()) + "–" + bytes(i.high()) : number(i.low()) + "–" + number(i.high());
    }

    /** A figure's name with its unit: "totalMs (ms)", "throughput (ops/s)". */
    public static String figure(io.isobench.reports.figures.Figure f) {
        return f.unit().isEmpty() ? f.name() : f.name() + " (" + f.unit() + ")";
    }

    /**
     * How many trials each runtime × workload cell ran, as the run was configured: fixed, or
     * adaptive (first stage to max, by the precision rule of docs/methodology.md).
     */
    public static String trials(io.isobench.model.RunConfig c) {
        String measured = c.adaptive() == null ? c.trials() + " measured"
                : String.format(java.util.Locale.ROOT, "%d to %d measured (adaptive: until the 95%% CI of the headline figure is"
                        + " within ±%s%% of its median, Stein's two-stage rule)", c.adaptive().firstStage(), c.adaptive().maxTrials(),
                        plain(c.adaptive().precisionPercent()))
                        + (c.adaptive().budgetSeconds() == null ? ""
                        : ", within a time budget of " + plain(c.adaptive().budgetSeconds() / 60.0) + " min");
        return measured + " + " + c.warmups() + " warm-up per runtime and workload" + (c.quick() ? " (quick)" : "");
    }

    /** A number as people write it: no trailing zeros, at most two decimals (2, 2.5, 0.25). */
    public static String plain(double v) {
        return new java.text.DecimalFormat("0.##", java.text.DecimalFormatSymbols.getInstance(java.util.Locale.ROOT)).format(v);
    }
}
