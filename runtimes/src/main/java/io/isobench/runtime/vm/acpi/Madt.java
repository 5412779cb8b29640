package io.isobench.runtime.vm.acpi;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Multiple APIC Description Table, signature "APIC" (ACPI 6.5, 5.2.12, Table 5.19): header,
 * 36 Local Interrupt Controller Address u32, 40 Flags u32, then interrupt controller
 * structures from offset 44. Revision 5 (the ACPI 6.3/6.4 layout; nothing we use differs
 * in later revisions).
 */
public record Madt(long localApicAddress, int flags, List<MadtEntry> entries) {
    public static final SdtHeader HEADER = new SdtHeader("APIC", 5, "ISOBAPIC");
    public static final int ENTRIES_OFFSET = 44;

    /** Architectural xAPIC base; KVM's in-kernel local APICs sit there. */
    public static final long LOCAL_APIC_ADDRESS = 0xFEE0_0000L;
    /** Conventional IOAPIC base, where KVM's in-kernel IOAPIC is mapped. */
    public static final long IOAPIC_ADDRESS = 0xFEC0_0000L;
    /** KVM's in-kernel IOAPIC has 24 pins: GSIs 0..23. */
    public static final int IOAPIC_PINS = 24;
    /** IOAPIC id 0: the reset value of KVM's in-kernel IOAPIC ID register. */
    public static final int IOAPIC_ID = 0;
    /** Flags bit 0 (Table 5.20): the system also has a PC-AT dual 8259, which OSPM must mask. */
    public static final int PCAT_COMPAT = 1;

    public Madt {
        entries = List.copyOf(entries);
    }

    /**
     * The MADT for {@code vcpus} vCPUs on KVM's in-kernel irqchip.
     *
     * <ul>
     * <li>PCAT_COMPAT set: KVM_CREATE_IRQCHIP really does create a dual 8259 next to the
     *     IOAPIC, so the truthful answer is "yes, and mask it"; an OS that uses the
     *     IOAPIC must not let the 8259 deliver ExtINTs as well. (Linux in HW-reduced mode
     *     never drives the 8259 anyway.)</li>
     * <li>One enabled Processor Local APIC per vCPU, processor UID = APIC id = index, which
     *     must match the APIC ids the VMM puts in CPUID leaf 1/0xB for each vCPU.</li>
     * <li>One IOAPIC, id 0, at 0xFEC00000, GSI base 0: pins 0-23 are GSIs 0-23.</li>
     * <li>Interrupt Source Override ISA IRQ 0 -> GSI 2, flags "conforms" (edge, active
     *     high): on PC hardware the 8254 PIT output is wired to IOAPIC pin 2, because pin 0
     *     carries the 8259's INTR for virtual-wire mode. Every PC-compatible firmware
     *     reports this and OSes expect it; without it the timer would be looked for on
     *     pin 0. The VMM must route the PIT accordingly if it ever delivers PIT ticks
     *     through the IOAPIC (QEMU routes GSI 0 to IOAPIC pin 2 for this reason), and must
     *     keep GSI 2 free for other devices, which {@link AcpiConfig} enforces.</li>
     * <li>Local APIC NMI on LINT1 for all processors, edge/active high: the PC wiring of
     *     the NMI line, and what KVM's local APIC model implements for LINT1.</li>
     * </ul>
     */
    public static Madt forMicroVm(int vcpus) {
        List<MadtEntry> e = new ArrayList<>();
        for (int i = 0; i < vcpus; i++) {
            e.add(new MadtEntry.LocalApic(i, i, true));
        }
        e.add(new MadtEntry.IoApic(IOAPIC_ID, IOAPIC_ADDRESS, 0));
        e.add(new MadtEntry.InterruptSourceOverride(0, 0, 2, MadtEntry.INTI_CONFORMS));
        e.add(new MadtEntry.LocalApicNmi(MadtEntry.LocalApicNmi.ALL_PROCESSORS, MadtEntry.INTI_EDGE_ACTIVE_HIGH, 1));
        return new Madt(LOCAL_APIC_ADDRESS, PCAT_COMPAT, e);
    }

    public int length() {
        int n = ENTRIES_OFFSET;
        for (MadtEntry e : entries) {
            n += e.length();
        }
        return n;
    }

    public byte[] toBytes() {
        ByteBuffer b = HEADER.start(length());
        b.putInt((int) localApicAddress);
        b.putInt(flags);
        for (MadtEntry e : entries) {
            e.writeTo(b);
        }
        return SdtHeader.seal(b);
    }
}
