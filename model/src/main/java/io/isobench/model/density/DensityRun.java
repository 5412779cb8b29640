package io.isobench.model.density;

import java.util.List;

/**
 * One runtime's ramp: every instance in start order, and the figures drawn from them.
 *
 * @param runtime  runtime name ({@code bare}, {@code container}, {@code vm}, a variant)
 * @param ramp     one point per instance that became ready, index 1..reached
 * @param memory   host memory after each wave (instances ready, host used bytes); the
 *                 first sample is the state before the first instance (0 instances)
 * @param summary  the figures; null only when the runtime could not start a single instance
 */
public record DensityRun(String runtime, List<RampPoint> ramp, List<MemorySample> memory, DensitySummary summary) {
    public DensityRun {
        ramp = List.copyOf(ramp);
        memory = List.copyOf(memory);
    }
}
