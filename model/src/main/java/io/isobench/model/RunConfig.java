package io.isobench.model;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * What was asked for: enough to reproduce the run ({@code command} is the exact command line).
 * {@code length} is how long each workload measured inside a trial ({@code quick},
 * {@code normal}, {@code thorough}; absent in files written before it existed).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RunConfig(List<String> runtimes, List<String> workloads, int trials, int warmups,
                        Double cpus, Long memoryBytes, boolean quick, long seed,
                        String command, String version, String imageHash,
                        List<UnavailableRuntime> unavailable, Adaptive adaptive, String length) {
    public RunConfig {
        runtimes = List.copyOf(runtimes);
        workloads = List.copyOf(workloads);
        unavailable = unavailable == null ? List.of() : List.copyOf(unavailable);
    }

    /** A run with fixed trial counts ({@code adaptive} absent). */
    public RunConfig(List<String> runtimes, List<String> workloads, int trials, int warmups, Double cpus, Long memoryBytes,
                     boolean quick, long seed, String command, String version, String imageHash,
                     List<UnavailableRuntime> unavailable) {
        this(runtimes, workloads, trials, warmups, cpus, memoryBytes, quick, seed, command, version, imageHash, unavailable,
                null, quick ? "quick" : "normal");
    }

    /** A runtime that was asked for (or defaulted) but cannot run on this host, and why. */
    public record UnavailableRuntime(String runtime, String reason) {
    }
}
