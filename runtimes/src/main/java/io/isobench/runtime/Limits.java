package io.isobench.runtime;

/**
 * Resource limits, applied identically by every runtime: cgroup limits for bare and
 * container, vCPUs and guest RAM (plus the cgroup around the monitor) for the VM.
 * Null means "no limit" (for the VM: its defaults).
 */
public record Limits(Double cpus, Long memoryBytes, Integer pids) {
    public static final Limits NONE = new Limits(null, null, null);

    public Limits {
        if (cpus != null && !(cpus > 0)) {
            throw new IllegalArgumentException("--cpus must be greater than 0, got " + cpus);
        }
        if (memoryBytes != null && memoryBytes < 4L * 1024 * 1024) {
            throw new IllegalArgumentException("--memory must be at least 4M, got " + memoryBytes + " bytes");
        }
        if (pids != null && pids < 1) {
            throw new IllegalArgumentException("pids limit must be at least 1, got " + pids);
        }
    }
}
