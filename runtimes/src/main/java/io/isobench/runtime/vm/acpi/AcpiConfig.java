package io.isobench.runtime.vm.acpi;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the ACPI tables must describe. Validated on construction, so that a bad machine
 * description fails here with a sentence rather than as a silent guest boot failure.
 *
 * @param vcpus          1..255 vCPUs; APIC ids 0..vcpus-1 (0xFF is the xAPIC broadcast id
 *                       and the MADT's "all processors" UID, so 255 is the ceiling)
 * @param virtioDevices  virtio-mmio transports, in the order they get _UIDs 0, 1, ...
 * @param com1           an 8250 UART at I/O 0x3F8-0x3FF on GSI 4
 * @param i8042          an i8042 keyboard controller at I/O 0x60 and 0x64 on GSI 1
 * @param com2           a second 8250 UART at I/O 0x2F8-0x2FF on GSI 3 (the VMM's workload
 *                       output channel). It must be in the DSDT: in hardware-reduced mode
 *                       Linux has no legacy ISA IRQs, so the built-in port table's "IRQ 3"
 *                       cannot be requested and the port fails to open (EIO)
 */
public record AcpiConfig(int vcpus, List<VirtioMmioDevice> virtioDevices, boolean com1, boolean i8042, boolean com2) {
    public static final int MAX_VCPUS = 255;

    /** GSI 0 (8254 timer, ISA IRQ 0) and GSI 2 (where the override sends it) stay free. */
    static final int TIMER_IRQ = 0;
    static final int TIMER_GSI = 2;

    /** Without COM2. */
    public AcpiConfig(int vcpus, List<VirtioMmioDevice> virtioDevices, boolean com1, boolean i8042) {
        this(vcpus, virtioDevices, com1, i8042, false);
    }

    public AcpiConfig {
        if (vcpus < 1 || vcpus > MAX_VCPUS) {
            throw new IllegalArgumentException("vCPU count must be 1.." + MAX_VCPUS + ", got " + vcpus);
        }
        Objects.requireNonNull(virtioDevices, "virtioDevices");
        virtioDevices = List.copyOf(virtioDevices); // also rejects null elements
        checkIrqs(virtioDevices, com1, i8042, com2);
        checkWindows(virtioDevices);
    }

    private static void checkIrqs(List<VirtioMmioDevice> devices, boolean com1, boolean i8042, boolean com2) {
        Map<Integer, String> owner = new HashMap<>();
        owner.put(TIMER_IRQ, "the 8254 timer (ISA IRQ 0)");
        owner.put(TIMER_GSI, "the 8254 timer (ISA IRQ 0 is overridden to GSI 2)");
        if (com1) {
            owner.put(PlatformDsdt.COM1_IRQ, "COM1");
        }
        if (com2) {
            owner.put(PlatformDsdt.COM2_IRQ, "COM2");
        }
        if (i8042) {
            owner.put(PlatformDsdt.I8042_IRQ, "the i8042");
        }
        for (int i = 0; i < devices.size(); i++) {
            VirtioMmioDevice d = devices.get(i);
            // The devices are declared Exclusive, so no sharing among them either.
            String previous = owner.putIfAbsent(d.irq(), "virtio-mmio device " + i);
            if (previous != null) {
                throw new IllegalArgumentException("virtio-mmio device " + i + " wants irq " + d.irq()
                        + ", which is already used by " + previous);
            }
        }
    }

    private static void checkWindows(List<VirtioMmioDevice> devices) {
        for (int i = 0; i < devices.size(); i++) {
            VirtioMmioDevice d = devices.get(i);
            if (d.overlaps(Madt.LOCAL_APIC_ADDRESS, 0x1000) || d.overlaps(Madt.IOAPIC_ADDRESS, 0x1000)) {
                throw new IllegalArgumentException(String.format(
                        "virtio-mmio device %d window 0x%x-0x%x overlaps the local APIC or IOAPIC page",
                        i, d.base(), d.end() - 1));
            }
            for (int j = 0; j < i; j++) {
                VirtioMmioDevice o = devices.get(j);
                if (d.overlaps(o.base(), o.size())) {
                    throw new IllegalArgumentException(String.format(
                            "virtio-mmio windows overlap: device %d 0x%x-0x%x and device %d 0x%x-0x%x",
                            j, o.base(), o.end() - 1, i, d.base(), d.end() - 1));
                }
            }
        }
    }
}
