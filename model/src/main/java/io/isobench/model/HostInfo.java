package io.isobench.model;

import java.util.List;

/** The host a run was measured on, as OSHI and isobench's own probes saw it. */
public record HostInfo(String hostname, String cpuModel, int physicalCores, int logicalCores,
                       long memoryBytes, String os, String kernel, String kvmKind,
                       String cgroupMode, boolean root, List<Capability> capabilities) {
    public HostInfo {
        capabilities = capabilities == null ? List.of() : List.copyOf(capabilities);
    }
}
