package io.isobench.runtime.vm.devices.virtio;

/**
 * An edge-triggered interrupt into the guest (in the VMM: a KVM irqfd on the in-kernel
 * IOAPIC, so raising it needs no vCPU exit).
 */
public interface InterruptLine {
    void trigger();
}
