package io.isobench.harness.probe;

import io.isobench.model.Capability;
import io.isobench.runtime.cgroup.CgroupLayout;
import io.isobench.runtime.cgroup.CgroupMode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * cgroup mode and which controllers trial cgroups can use. Read-only: it looks at the
 * layout, it does not create or move anything (run does that, see CgroupManager).
 */
public final class CgroupProbe implements Probe {
    private static final List<String> V1 = List.of("cpu", "cpuacct", "memory", "blkio", "pids", "freezer");
    private static final List<String> V2 = List.of("cpu", "memory", "io", "pids");

    /** v1 / hybrid / v2, or "none". */
    public static String mode() {
        try {
            return CgroupLayout.detect().mode().label();
        } catch (IOException e) {
            return "none";
        }
    }

    @Override
    public List<Capability> probe() {
        CgroupLayout layout;
        try {
            layout = CgroupLayout.detect();
        } catch (IOException e) {
            return List.of(new Capability("cgroups", false, "none", e.getMessage()
                    + "; no runtime can measure CPU, memory or I/O"));
        }
        List<Capability> caps = new ArrayList<>();
        caps.add(new Capability("cgroup mode", true, layout.mode().label(), switch (layout.mode()) {
            case V1 -> "cgroup v1: one hierarchy per controller";
            case HYBRID -> "v1 controllers plus a cgroup2 mount at " + layout.unifiedRoot() + " (used for cgroup.kill)";
            case V2 -> "unified cgroup v2 hierarchy at " + layout.unifiedRoot();
        }));
        Set<String> usable = new TreeSet<>();
        List<String> wanted = layout.mode() == CgroupMode.V2 ? V2 : V1;
        if (layout.mode() == CgroupMode.V2) {
            Path own = layout.unified();
            if (own.getFileName() != null && own.getFileName().toString().equals("isobench-harness")) {
                own = own.getParent();
            }
            try {
                usable.addAll(List.of(Files.readString(own.resolve("cgroup.controllers")).strip().split("\\s+")));
            } catch (IOException e) {
                // none readable
            }
        } else {
            usable.addAll(layout.v1().keySet());
        }
        usable.retainAll(wanted);
        Set<String> missing = new TreeSet<>(wanted);
        missing.removeAll(usable);
        caps.add(new Capability("cgroup controllers", missing.isEmpty(), String.join(",", usable),
                missing.isEmpty() ? "CPU time, peak memory, block I/O and limits are measured and applied per trial"
                        : "missing " + String.join(",", missing) + ": " + consequence(missing)));
        return caps;
    }

    private static String consequence(Set<String> missing) {
        List<String> lost = new ArrayList<>();
        if (missing.contains("cpu")) {
            lost.add("--cpus cannot be applied");
        }
        if (missing.contains("cpuacct")) {
            lost.add("no CPU time");
        }
        if (missing.contains("memory")) {
            lost.add("no peak memory, --memory cannot be applied");
        }
        if (missing.contains("blkio") || missing.contains("io")) {
            lost.add("no block I/O bytes");
        }
        if (missing.contains("freezer")) {
            lost.add("cleanup kills without freezing");
        }
        if (missing.contains("pids")) {
            lost.add("no pids limit");
        }
        return String.join("; ", lost);
    }
}
