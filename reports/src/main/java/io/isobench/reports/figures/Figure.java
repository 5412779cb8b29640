package io.isobench.reports.figures;

/**
 * A named quantity measured once per trial: either one of the workload's own metrics or one
 * of the harness's measurements (see {@link HarnessFigures}). {@code timeLike}: a duration or
 * a rate, so differences read "slower/faster" rather than "more/less".
 */
public record Figure(String name, String unit, boolean higherIsBetter, boolean harness, boolean timeLike) {
    public static Figure workload(String name, String unit, boolean higherIsBetter) {
        return new Figure(name, unit == null ? "" : unit, higherIsBetter, false, true);
    }
}
