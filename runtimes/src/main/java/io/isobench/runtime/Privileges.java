package io.isobench.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Whether this process runs as root: effective uid 0, which cgroups, namespaces, mounts and /dev/kvm need. */
public final class Privileges {
    private Privileges() {
    }

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
}
