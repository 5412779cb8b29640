package io.isobench.harness.peers;

import io.isobench.runtime.Execution;
import io.isobench.runtime.Launch;
import io.isobench.runtime.Limits;
import io.isobench.runtime.Mark;
import io.isobench.runtime.Stdio;
import io.isobench.runtime.cgroup.Cgroup;
import io.isobench.runtime.cgroup.CgroupManager;
import io.isobench.runtime.container.ContainerRuntime;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * isobench's full container, run exactly as a trial is: a fresh cgroup with limits made
 * beforehand (as the harness does before it spawns), then {@link ContainerRuntime} with
 * every layer on; the time is the trial's total, from spawning the launcher to the
 * command's exit. Keeps each run's phases for the breakdown under the table.
 */
final class IsobenchContainerPeer implements Peer {
    static final Limits LIMITS = new Limits(null, 512L << 20, 4096);

    private final Path rootfs;
    private final List<String> command;
    private final CgroupManager cgroups;
    private final ContainerRuntime runtime = new ContainerRuntime();
    private final Map<String, List<Double>> phases = new LinkedHashMap<>();

    IsobenchContainerPeer(Path rootfs, List<String> command, CgroupManager cgroups) {
        this.rootfs = rootfs;
        this.command = command;
        this.cgroups = cgroups;
    }

    @Override
    public String name() {
        return "isobench container";
    }

    @Override
    public String unavailableReason() {
        var a = runtime.availability();
        return a.available() ? null : a.reason();
    }

    @Override
    public double runMs() throws Exception {
        try (Cgroup cgroup = cgroups.create("peers-container")) {
            cgroup.applyLimits(LIMITS);
            Execution e = runtime.execute(new Launch(rootfs, command, Map.of("PATH", "/"), LIMITS, cgroup, null,
                    Duration.ofSeconds(30), Stdio.CAPTURE, Map.of()));
            if (e.exitCode() != 0 || e.marks().isEmpty()) {
                throw new IOException("exit code " + e.exitCode() + (e.failure() == null ? "" : ": " + e.failure()));
            }
            long previous = e.spawnNs();
            for (Mark m : e.marks()) {
                phases.computeIfAbsent(m.name(), k -> new ArrayList<>()).add((m.monotonicNs() - previous) / 1e6);
                previous = Math.max(previous, m.monotonicNs());
            }
            return (previous - e.spawnNs()) / 1e6;
        }
    }

    /** "isobench container phases, median ms: launcher 1.10, cgroup 8.20, ..." (warm-ups included). */
    String phaseSummary() {
        StringBuilder sb = new StringBuilder("isobench container phases (median ms):");
        phases.forEach((name, values) -> {
            double[] v = values.stream().mapToDouble(Double::doubleValue).toArray();
            Arrays.sort(v);
            sb.append(String.format(Locale.ROOT, " %s %.2f", name, v[v.length / 2]));
        });
        return sb.toString();
    }
}
