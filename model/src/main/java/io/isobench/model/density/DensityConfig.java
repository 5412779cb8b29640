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
 * @param ksm               {@code on}: guest RAM offered to KSM and the figures measured again after KSM settled;
 *                          {@code off} (default): KSM left as the host has it (its state is recorded either way)
 */
public record DensityConfig(List<String> runtimes, String workload, int count, Long untilMemoryBytes,
                            int concurrency, int steadySeconds, Double cpus, Long memoryBytes,
                            String command, String isobenchVersion, String ksm) {
    public DensityConfig {
        runtimes = List.copyOf(runtimes);
    }
}
