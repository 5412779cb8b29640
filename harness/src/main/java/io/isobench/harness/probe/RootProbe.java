package io.isobench.harness.probe;

import io.isobench.model.Capability;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Whether isobench runs as root (effective uid 0), which cgroups, namespaces and /dev/kvm need. */
public final class RootProbe implements Probe {

    public static boolean isRoot() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    // real, effective, saved, filesystem
                    return line.split("\\s+")[2].equals("0");
                }
            }
        } catch (IOException e) {
            return false;
        }
        return false;
    }

    @Override
    public List<Capability> probe() {
        boolean root = isRoot();
        return List.of(new Capability("root", root, root ? "yes" : "no",
                root ? "cgroups, namespaces and /dev/kvm can be used"
                        : "run needs root: it creates cgroups for every trial (use sudo)"));
    }
}
