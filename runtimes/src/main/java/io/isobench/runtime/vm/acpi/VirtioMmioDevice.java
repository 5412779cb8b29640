package io.isobench.runtime.vm.acpi;

/**
 * One virtio-mmio transport as the guest should see it: a register window and the IOAPIC
 * GSI its interrupt arrives on.
 *
 * @param base guest-physical address of the register window (below 4 GiB: it is described
 *             with a 32-bit Memory32Fixed descriptor)
 * @param size window length; the virtio-mmio v2 register file plus config space fits 0x1000
 * @param irq  IOAPIC GSI, 0..23
 */
public record VirtioMmioDevice(long base, long size, int irq) {
    /** The usual window size: one page. */
    public static final long DEFAULT_SIZE = 0x1000;

    public VirtioMmioDevice {
        if (size <= 0) {
            throw new IllegalArgumentException("virtio-mmio window size must be positive, got " + size);
        }
        if (base < 0 || size > 0x1_0000_0000L - base) { // not base + size: that can overflow
            throw new IllegalArgumentException(String.format(
                    "virtio-mmio window 0x%x+0x%x must lie below 4 GiB (it is described as Memory32Fixed)",
                    base, size));
        }
        if (irq < 0 || irq >= Madt.IOAPIC_PINS) {
            throw new IllegalArgumentException("virtio-mmio irq " + irq + " is outside the IOAPIC's GSIs 0.."
                    + (Madt.IOAPIC_PINS - 1));
        }
    }

    /** A one-page window. */
    public VirtioMmioDevice(long base, int irq) {
        this(base, DEFAULT_SIZE, irq);
    }

    public long end() {
        return base + size;
    }

    boolean overlaps(long otherBase, long otherSize) {
        return base < otherBase + otherSize && otherBase < end();
    }
}
