package io.isobench.workloads;

import java.util.Locale;

/**
 * The line protocol a workload speaks on stdout, so the harness finds its figures among
 * whatever else is printed:
 * <pre>
 *   @@isobench ready &lt;System.nanoTime()&gt;          main() reached (CLOCK_MONOTONIC ns)
 *   @@isobench metric {"name":..,"value":..,"unit":..,"error":..,"higherIsBetter":..}
 * </pre>
 * The JSON object has the fields of {@code io.isobench.model.Metric}. It is written by hand
 * here because the image jar must not carry a JSON library (nor the model module).
 */
public final class WorkloadOutput {
    public static final String PREFIX = "@@isobench ";
    public static final String READY = PREFIX + "ready ";
    public static final String METRIC = PREFIX + "metric ";

    private WorkloadOutput() {
    }

    /** The ready line for the given {@link System#nanoTime()} instant. */
    public static String readyLine(long nanoTime) {
        return READY + nanoTime;
    }

    /**
     * One metric line.
     *
     * @param error half-width of the workload's own confidence interval, or null (also
     *              for NaN or infinite, which JSON cannot carry)
     * @throws IllegalArgumentException when {@code value} is NaN or infinite: a metric
     *                                  without a number is a bug, not a figure
     */
    public static String metricLine(String name, double value, String unit, Double error, boolean higherIsBetter) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("metric " + name + " has no finite value: " + value);
        }
        StringBuilder json = new StringBuilder(METRIC).append('{');
        json.append("\"name\":");
        quote(json, name);
        json.append(",\"value\":").append(number(value));
        json.append(",\"unit\":");
        quote(json, unit);
        json.append(",\"error\":").append(error == null || !Double.isFinite(error) ? "null" : number(error));
        json.append(",\"higherIsBetter\":").append(higherIsBetter);
        return json.append('}').toString();
    }

    /** A JSON number: Java's shortest round-trip form is valid JSON for finite values (e.g. 1.0E-5). */
    private static String number(double d) {
        return Double.toString(d);
    }

    /** A JSON string literal (RFC 8259 section 7): quote, backslash and controls escaped. */
    static void quote(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    // Controls must be escaped; so are U+2028/2029, which some line readers split on.
                    if (c < 0x20 || c == '\u2028' || c == '\u2029') {
                        out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
