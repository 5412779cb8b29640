package io.isobench.runtime.vm.guest;

import java.util.List;

/** How the monitor attaches virtio devices, which decides the drivers to load and the PCI setting. */
public enum GuestDevices {
    /** isobench's monitor (and Firecracker, QEMU microvm): virtio-mmio described in ACPI, no PCI bus. */
    VIRTIO_MMIO(List.of("virtio_mmio", "virtio_blk", "ext4"), false),
    /** A PC-style monitor (QEMU pc/q35): virtio on PCI. virtio_mmio is loaded too; it finds nothing. */
    VIRTIO_PCI(List.of("virtio_pci", "virtio_mmio", "virtio_blk", "ext4"), true);

    /** The network driver, loaded (with its dependencies, failover and net_failover on 6.1) when the VM has a link. */
    public static final String NET_DRIVER = "virtio_net";

    private final List<String> drivers;
    private final boolean pci;

    GuestDevices(List<String> drivers, boolean pci) {
        this.drivers = drivers;
        this.pci = pci;
    }

    /** Drivers guest-init must have (loaded as modules unless built in), before their dependencies are added. */
    public List<String> drivers() {
        return drivers;
    }

    /** Whether the guest has a PCI bus to scan. */
    public boolean pci() {
        return pci;
    }
}
