package io.isobench.harness.workload;

import io.isobench.workloads.Workload;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A workload of the user's own (a workload file's entry, or {@code run --rootfs ... -- CMD}):
 * the catalog-style {@link Workload} the plan schedules, plus what only such workloads have.
 *
 * @param rootfs  where its root comes from
 * @param root    the prepared root directory, null until {@link #prepared}
 * @param env     added to (and overriding) the harness's fixed environment
 * @param metrics rules for the figures in its output, beside the protocol lines
 * @param timeout its own per-trial limit, or null for the run's
 * @param origin  the file it came from, or null (ad hoc)
 * @param farEndServer a server the run starts in its far end, inside this workload's root, for
 *                the instance to talk to over its link (empty: the net workloads' own server
 *                only); it prints {@code @@isobench listening} once it accepts connections
 */
public record FileWorkload(Workload workload, RootfsSource rootfs, Path root, Map<String, String> env,
                           List<MetricRule> metrics, Duration timeout, Path origin, List<String> farEndServer) {
    public FileWorkload {
        env = env == null ? Map.of() : Map.copyOf(env);
        metrics = metrics == null ? List.of() : List.copyOf(metrics);
        farEndServer = farEndServer == null ? List.of() : List.copyOf(farEndServer);
    }

    public String id() {
        return workload.id();
    }

    /** This workload with its root built or checked (see {@link RootfsSource#prepare()}). */
    public FileWorkload prepared() {
        return new FileWorkload(workload, rootfs, rootfs.prepare(), env, metrics, timeout, origin, farEndServer);
    }
}
