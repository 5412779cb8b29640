package io.isobench.harness.probe;

import io.isobench.model.Capability;
import io.isobench.runtime.Privileges;

import java.util.List;

/** Whether isobench runs as root (effective uid 0), which cgroups, namespaces and /dev/kvm need. */
public final class RootProbe implements Probe {

    public static boolean isRoot() {
        return Privileges.isRoot();
    }

    @Override
    public List<Capability> probe() {
        boolean root = isRoot();
        return List.of(new Capability("root", root, root ? "yes" : "no",
                root ? "cgroups, namespaces and /dev/kvm can be used"
                        : "run needs root: it creates cgroups for every trial (use sudo)"));
    }
}
