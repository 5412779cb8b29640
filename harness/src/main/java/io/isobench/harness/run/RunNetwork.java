package io.isobench.harness.run;

import io.isobench.harness.image.Image;
import io.isobench.runtime.cgroup.CgroupManager;
import io.isobench.runtime.net.FarEnd;
import io.isobench.runtime.net.NetAttachment;
import io.isobench.workloads.Catalog;
import io.isobench.workloads.Workload;

import java.io.IOException;
import java.io.PrintStream;
import java.util.List;

/**
 * The network side of one run: the far end, made once and only when a net workload is
 * planned, and one {@link NetAttachment} per net trial. When the far end cannot be made
 * (not root, no veth), the net workloads are unavailable with that one sentence and every
 * other workload goes on.
 */
final class RunNetwork implements AutoCloseable {
    private final FarEnd farEnd;
    private final String unavailable;

    private RunNetwork(FarEnd farEnd, String unavailable) {
        this.farEnd = farEnd;
        this.unavailable = unavailable;
    }

    static RunNetwork open(List<Workload> workloads, Image image, CgroupManager cgroups, Interruption interruption,
                           PrintStream err) {
        if (workloads.stream().noneMatch(Workload::needsNetwork)) {
            return new RunNetwork(null, null);
        }
        try {
            FarEnd farEnd = FarEnd.open(cgroups.create("far-end"), image.root(), Catalog.netServerCommand());
            interruption.beforeHalt(farEnd::close);
            return new RunNetwork(farEnd, null);
        } catch (IOException e) {
            err.println("isobench: the net workloads are unavailable: " + e.getMessage());
            return new RunNetwork(null, e.getMessage());
        }
    }

    /** Why net trials cannot run, or null. */
    String unavailableReason() {
        return unavailable;
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
