package io.isobench.runtime.vm.calibration;

/**
 * The result of timing guest ring-0 code in a throw-away VM.
 *
 * @param iterationsPerSecond best round's speed of a {@code dec/jnz} loop at CPL 0 (0 when
 *                            not measured)
 * @param elapsedMillis       wall time of the whole calibration, VM creation included
 * @param detail              one sentence: what was measured and what it means
 */
public record KvmCalibration(KvmKind kind, double iterationsPerSecond, long elapsedMillis, String detail) {
}
