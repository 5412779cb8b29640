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
 * @param unclaimedLimit accesses to ports and addresses no device claims after which the VM is
 *                 stopped as an exit storm ({@link #UNCLAIMED_LIMIT} unless a test needs a short one)
 */
public record VmConfig(int vcpus, RamLayout ram, OutputStream console, OutputStream output, Consumer<Marker> markers,
                       long unclaimedLimit) {
    public static final int MAX_VCPUS = 8;
    /**
     * A Linux boot makes 2 unclaimed accesses, a whole run a handful; a guest making a million is
     * hammering hardware that is not there and would otherwise burn a host core until its timeout.
     */
    public static final long UNCLAIMED_LIMIT = 1_000_000;

    /** A VM with the default {@link #UNCLAIMED_LIMIT}. */
    public VmConfig(int vcpus, RamLayout ram, OutputStream console, OutputStream output, Consumer<Marker> markers) {
        this(vcpus, ram, console, output, markers, UNCLAIMED_LIMIT);
    }

    public VmConfig {
        if (vcpus < 1 || vcpus > MAX_VCPUS) {
            throw new IllegalArgumentException("a VM has 1 to " + MAX_VCPUS + " vCPUs, got " + vcpus);
        }
        Objects.requireNonNull(ram);
        Objects.requireNonNull(console);
        Objects.requireNonNull(output);
        markers = markers == null ? m -> { } : markers;
        if (unclaimedLimit < 1) {
            throw new IllegalArgumentException("the unclaimed-access limit must be positive, got " + unclaimedLimit);
        }
    }
}
