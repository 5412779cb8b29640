package io.isobench.harness.run;

import io.isobench.model.Adaptive;
import io.isobench.runtime.Limits;
import io.isobench.workloads.Length;
import io.isobench.workloads.Workload;

import io.isobench.model.RuntimeName;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A validated {@code isobench run}.
 *
 * @param runtimes         runtime names, in registry order
 * @param runtimesExplicit the user named them (then "all unavailable" is an error, not a note)
 * @param command          the command line as typed, for the results
 * @param runtimeOptions   runtime name → its {@link io.isobench.runtime.Launch#options()} (e.g. container → seccomp=off)
 * @param length           how long each workload measures inside a trial
 * @param adaptive         the two-stage rule that decides each cell's trial count; null: {@code trials} each
 */
public record RunRequest(List<String> runtimes, boolean runtimesExplicit, List<Workload> workloads, int trials,
                         int warmups, Limits limits, Length length, long seed, Duration timeout, Path out,
                         String command, Map<String, Map<String, String>> runtimeOptions, Adaptive adaptive) {
    public RunRequest {
        runtimes = List.copyOf(runtimes);
        workloads = List.copyOf(workloads);
        runtimeOptions = runtimeOptions == null ? Map.of() : Map.copyOf(runtimeOptions);
    }

    /** The schedule of this run's trials over the runtimes that can run. */
    public Schedule schedule(List<String> usable) {
        return adaptive == null ? new FixedSchedule(Plan.of(usable, workloads, trials, warmups, seed))
                : new AdaptiveSchedule(usable, workloads, warmups, adaptive, seed);
    }

    /** Short workload runs (tests and demos). */
    public boolean quick() {
        return length == Length.QUICK;
    }

    /** The options for one runtime's launches (empty unless given). */
    /**
     * The options of {@code runtime}; a variant ({@code container:runc}) takes those of its
     * kind's own runtime ({@code container.seccomp=off}) too, so that it runs under the same
     * settings, overridden by its own ({@code container:runc.seccomp=on}).
     */
    public Map<String, String> optionsFor(String runtime) {
        RuntimeName name = RuntimeName.parse(runtime);
        if (name.own()) {
            return runtimeOptions.getOrDefault(runtime, Map.of());
        }
        Map<String, String> merged = new java.util.LinkedHashMap<>(runtimeOptions.getOrDefault(name.kind(), Map.of()));
        merged.putAll(runtimeOptions.getOrDefault(runtime, Map.of()));
        return merged;
    }
}
