package io.isobench.model.density;

import java.util.List;

/**
 * How the density run was asked for.
 *
 * @param count             instances wanted ready at once (the target N)
 * @param untilMemoryBytes  stop the ramp when the instances' host memory reaches this (null: no such stop)
 * @param concurrency       instances started at once per wave
 * @param steadySeconds     how long all N ran together before teardown
 * @param cpus              CPU limit per instance (null: none)
 * @param memoryBytes       memory limit per instance (null: none)
 * @param command           the command line, for the record
 */
public record DensityConfig(List<String> runtimes, String workload, int count, Long untilMemoryBytes,
                            int concurrency, int steadySeconds, Double cpus, Long memoryBytes,
                            String command, String isobenchVersion) {
    public DensityConfig {
        runtimes = List.copyOf(runtimes);
    }
}
