package io.isobench.harness.run;

import io.isobench.harness.image.Image;
import io.isobench.harness.workload.CustomWorkloads;
import io.isobench.harness.workload.FileWorkload;
import io.isobench.runtime.cgroup.CgroupManager;
import io.isobench.runtime.net.FarEnd;
import io.isobench.runtime.net.NetAttachment;
import io.isobench.workloads.Catalog;
import io.isobench.workloads.Workload;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The network side of one run: the far end, made once and only when a net workload is
 * planned, and one {@link NetAttachment} per net trial. When the far end cannot be made
 * (not root, no veth), the net workloads are unavailable with that one sentence and every
 * other workload goes on. A workload file's {@code farEndServer} (e.g. app.redis-net's
 * redis-server) is started in the far end too, chrooted into that workload's root; if it
 * fails, only that workload is unavailable.
 */
final class RunNetwork implements AutoCloseable {
    private final FarEnd farEnd;
    private final String unavailable;
    /** Workload id → why its far-end server could not start. */
    private final Map<String, String> serverFailures;

    private RunNetwork(FarEnd farEnd, String unavailable, Map<String, String> serverFailures) {
        this.farEnd = farEnd;
        this.unavailable = unavailable;
        this.serverFailures = serverFailures;
    }

    static RunNetwork open(List<Workload> workloads, Image image, CgroupManager cgroups, Interruption interruption,
                           PrintStream err, CustomWorkloads custom) {
        if (workloads.stream().noneMatch(Workload::needsNetwork)) {
            return new RunNetwork(null, null, Map.of());
        }
        FarEnd farEnd;
        try {
            farEnd = FarEnd.open(cgroups.create("far-end"), image.root(), Catalog.netServerCommand());
            interruption.beforeHalt(farEnd::close);
        } catch (IOException e) {
            err.println("isobench: the net workloads are unavailable: " + e.getMessage());
            return new RunNetwork(null, e.getMessage(), Map.of());
        }
        Map<String, String> failures = new HashMap<>();
        for (Workload w : workloads) {
            FileWorkload own = custom.get(w.id());
            if (own == null || own.farEndServer().isEmpty()) {
                continue;
            }
            // The far end shares only the network namespace with nothing else: the server sees
            // the host's files, so it is chrooted into its workload's root (the host's chroot).
            List<String> argv = new ArrayList<>(List.of("chroot", own.root().toString()));
            argv.addAll(own.farEndServer());
            try {
                farEnd.startServer(cgroups.create("far-end-" + w.id()), own.root(), argv);
            } catch (IOException e) {
                String reason = "its server in the far end did not start: " + e.getMessage();
                err.println("isobench: " + w.id() + " is unavailable: " + reason);
                failures.put(w.id(), reason);
            }
        }
        return new RunNetwork(farEnd, null, failures);
    }

    /** Why net trials of this workload cannot run, or null. */
    String unavailableReason(String workloadId) {
        return unavailable != null ? unavailable : serverFailures.get(workloadId);
    }

    /** A fresh link for one net trial. */
    NetAttachment attach() {
        return farEnd.attach();
    }

    @Override
    public void close() {
        if (farEnd != null) {
            farEnd.close();
        }
    }
}
