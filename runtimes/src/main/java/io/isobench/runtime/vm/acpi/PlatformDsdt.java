package io.isobench.runtime.vm.acpi;

import io.isobench.runtime.vm.acpi.ResourceDescriptor.Interrupt;
import io.isobench.runtime.vm.acpi.ResourceDescriptor.IoPort;
import io.isobench.runtime.vm.acpi.ResourceDescriptor.Memory32Fixed;
import io.isobench.runtime.vm.acpi.ResourceDescriptor.Polarity;
import io.isobench.runtime.vm.acpi.ResourceDescriptor.Sharing;
import io.isobench.runtime.vm.acpi.ResourceDescriptor.Trigger;

import java.util.ArrayList;
import java.util.List;

/**
 * The DSDT's AML for our machine, in ASL terms:
 *
 * <pre>
 * Scope (\_SB) {
 *   Device (COM1) {                       // if present
 *     Name (_HID, EisaId ("PNP0501"))     // 16550A-compatible COM port
 *     Name (_UID, Zero)
 *     Name (_CRS, ResourceTemplate () {
 *       IO (Decode16, 0x03F8, 0x03F8, 0x01, 0x08)
 *       Interrupt (ResourceConsumer, Edge, ActiveHigh, Exclusive) { 4 } })
 *   }
 *   Device (PS2K) {                       // if present
 *     Name (_HID, EisaId ("PNP0303"))     // IBM enhanced (101/102-key) keyboard controller
 *     Name (_CRS, ResourceTemplate () {
 *       IO (Decode16, 0x0060, 0x0060, 0x01, 0x01)
 *       IO (Decode16, 0x0064, 0x0064, 0x01, 0x01)
 *       Interrupt (ResourceConsumer, Edge, ActiveHigh, Exclusive) { 1 } })
 *   }
 *   Device (VR00) {                       // one per virtio-mmio device, VR00, VR01, ...
 *     Name (_HID, "LNRO0005")             // the id Linux's virtio_mmio driver matches
 *     Name (_UID, 0)
 *     Name (_CRS, ResourceTemplate () {
 *       Memory32Fixed (ReadWrite, base, size)
 *       Interrupt (ResourceConsumer, Edge, ActiveHigh, Exclusive) { irq } })
 *   }
 * }
 * </pre>
 *
 * Choices, and why:
 * <ul>
 * <li>Interrupts are Extended Interrupt descriptors naming IOAPIC GSIs, edge-triggered,
 *     active high: that is how KVM's irqfd injects them (a pulse, no resample), and in
 *     HW-reduced mode Linux maps ACPI GSIs straight onto IOAPIC pins.</li>
 * <li>No _STA: absent _STA means present, enabled, shown and functioning (6.3.7).</li>
 * <li>No _CCA: x86 DMA is cache-coherent by architecture and Linux assumes so without
 *     _CCA (only arm64 requires it).</li>
 * <li>No _S5_: the FADT has no sleep control register, so S5 is not offered; the guest
 *     ends by rebooting through the i8042 reset.</li>
 * <li>The i8042 lists both its data (0x60) and command (0x64) port: Linux's i8042 PNP probe
 *     takes the first 1-byte port as data and the second as command register, and warns
 *     and falls back to a default when one is missing.</li>
 * </ul>
 */
public final class PlatformDsdt {
    public static final int COM1_PORT = 0x3F8;
    public static final int COM1_PORT_COUNT = 8;
    public static final int COM1_IRQ = 4;
    public static final int COM2_PORT = 0x2F8;
    public static final int COM2_IRQ = 3;
    public static final int I8042_DATA_PORT = 0x60;
    public static final int I8042_COMMAND_PORT = 0x64;
    public static final int I8042_IRQ = 1;
    /** ACPI id of a virtio-mmio transport (Linaro's vendor id, 0005). */
    public static final String VIRTIO_MMIO_HID = "LNRO0005";

    private PlatformDsdt() {
    }

    /** The whole definition block body (what follows the DSDT header). */
    public static byte[] aml(AcpiConfig config) {
        return systemBus(config).toBytes();
    }

    public static AmlScope systemBus(AcpiConfig config) {
        List<Aml> devices = new ArrayList<>();
        if (config.com1()) {
            devices.add(com1());
        }
        if (config.i8042()) {
            devices.add(i8042());
        }
        if (config.com2()) {
            devices.add(com2());
        }
        for (int i = 0; i < config.virtioDevices().size(); i++) {
            devices.add(virtioMmio(i, config.virtioDevices().get(i)));
        }
        return Aml.scope("\\_SB", devices);
    }

    public static AmlDevice com1() {
        return Aml.device("COM1", List.of(
                Aml.name("_HID", Aml.eisaId("PNP0501")),
                Aml.name("_UID", Aml.integer(0)),
                Aml.name("_CRS", Aml.resources(
                        IoPort.fixed(COM1_PORT, COM1_PORT_COUNT),
                        edgeHigh(COM1_IRQ)))));
    }

    /** COM2, the same kind of UART as COM1 (_UID 1). */
    public static AmlDevice com2() {
        return Aml.device("COM2", List.of(
                Aml.name("_HID", Aml.eisaId("PNP0501")),
                Aml.name("_UID", Aml.integer(1)),
                Aml.name("_CRS", Aml.resources(
                        IoPort.fixed(COM2_PORT, COM1_PORT_COUNT),
                        edgeHigh(COM2_IRQ)))));
    }

    public static AmlDevice i8042() {
        return Aml.device("PS2K", List.of(
                Aml.name("_HID", Aml.eisaId("PNP0303")),
                Aml.name("_CRS", Aml.resources(
                        IoPort.fixed(I8042_DATA_PORT, 1),
                        IoPort.fixed(I8042_COMMAND_PORT, 1),
                        edgeHigh(I8042_IRQ)))));
    }

    /** Device VRnn for virtio-mmio transport number {@code index}, with _UID = index. */
    public static AmlDevice virtioMmio(int index, VirtioMmioDevice d) {
        if (index < 0 || index > 99) {
            throw new IllegalArgumentException("virtio-mmio device index must be 0..99, got " + index);
        }
        return Aml.device(String.format("VR%02d", index), List.of(
                Aml.name("_HID", Aml.string(VIRTIO_MMIO_HID)),
                Aml.name("_UID", Aml.integer(index)),
                Aml.name("_CRS", Aml.resources(
                        new Memory32Fixed(true, d.base(), d.size()),
                        edgeHigh(d.irq())))));
    }

    private static Interrupt edgeHigh(int gsi) {
        return Interrupt.consumer(Trigger.EDGE, Polarity.ACTIVE_HIGH, Sharing.EXCLUSIVE, gsi);
    }
}
