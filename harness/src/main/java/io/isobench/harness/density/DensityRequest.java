package io.isobench.harness.density;

import io.isobench.runtime.Limits;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A checked {@code isobench density} command line.
 *
 * @param count            instances wanted ready at once
 * @param untilMemoryBytes stop the ramp when the instances' host memory reaches this (null: no bound)
 * @param concurrency      instances started at once per wave
 * @param readyTimeout     how long one instance may take to get ready before its start counts as failed
 * @param ksm              guest RAM offered to KSM, KSM switched on after the figures at N, and the figures taken
 *                         again once it settled (its previous state restored exactly)
 */
public record DensityRequest(List<String> runtimes, DensityWorkload workload, int count, Long untilMemoryBytes,
                             int concurrency, int steadySeconds, Limits limits, Duration readyTimeout, Path out,
                             String command, boolean ksm) {
    public DensityRequest {
        runtimes = List.copyOf(runtimes);
    }
}
