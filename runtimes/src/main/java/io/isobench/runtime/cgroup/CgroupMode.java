package io.isobench.runtime.cgroup;

/**
 * How the host mounts cgroups: {@code V1} (only v1 controller hierarchies), {@code HYBRID}
 * (v1 controller hierarchies plus a cgroup2 mount, usually at /sys/fs/cgroup/unified, that
 * tracks processes but holds few or no controllers) or {@code V2} (one unified hierarchy).
 */
public enum CgroupMode {
    V1, HYBRID, V2;

    public String label() {
        return switch (this) {
            case V1 -> "v1";
            case HYBRID -> "hybrid";
            case V2 -> "v2";
        };
    }
}
