package io.isobench.harness.run;

import io.isobench.runtime.Limits;
import io.isobench.workloads.Workload;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A validated {@code isobench run}.
 *
 * @param runtimes         runtime names, in registry order
 * @param runtimesExplicit the user named them (then "all unavailable" is an error, not a note)
 * @param command          the command line as typed, for the results
 */
public record RunRequest(List<String> runtimes, boolean runtimesExplicit, List<Workload> workloads, int trials,
                         int warmups, Limits limits, boolean quick, long seed, Duration timeout, Path out,
                         String command) {
    public RunRequest {
        runtimes = List.copyOf(runtimes);
        workloads = List.copyOf(workloads);
    }
}
