package io.isobench.runtime.vm.vstate;

import io.isobench.runtime.vm.boot.RamLayout;
import io.isobench.runtime.vm.devices.marker.Marker;

import java.io.OutputStream;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * What a VM is made of.
 *
 * @param console  receives COM1 (kernel console, guest-init messages)
 * @param output   receives COM2 (the workload's output channel, written only by guest-init)
 * @param markers  told of each marker as it arrives (vCPU thread; must not block)
 */
public record VmConfig(int vcpus, RamLayout ram, OutputStream console, OutputStream output, Consumer<Marker> markers) {
    public static final int MAX_VCPUS = 8;

    public VmConfig {
        if (vcpus < 1 || vcpus > MAX_VCPUS) {
            throw new IllegalArgumentException("a VM has 1 to " + MAX_VCPUS + " vCPUs, got " + vcpus);
        }
        Objects.requireNonNull(ram);
        Objects.requireNonNull(console);
        Objects.requireNonNull(output);
        markers = markers == null ? m -> { } : markers;
    }
}
