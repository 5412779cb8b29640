package io.isobench.runtime.vm.acpi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** The built layout: addresses, cross-pointers, and rejection of bad configurations. */
class AcpiTablesTest {

    static final AcpiConfig TYPICAL = new AcpiConfig(2,
            List.of(new VirtioMmioDevice(0xD000_0000L, 5), new VirtioMmioDevice(0xD000_1000L, 6)), true, true);

    private static Placement at(AcpiLayout layout, long address) {
        return layout.placements().stream().filter(p -> p.guestAddress() == address).findFirst()
                .orElseThrow(() -> new AssertionError("nothing placed at 0x" + Long.toHexString(address)));
    }

    /** Follows every pointer from the RSDP and checks each lands on the right table. */
    static void assertCrossPointers(AcpiLayout layout) {
        byte[] rsdp = layout.table("RSD PTR ").bytes();
        assertEquals(layout.rsdpAddress(), layout.table("RSD PTR ").guestAddress());
        Placement xsdt = at(layout, Hex.u64(rsdp, Rsdp.XSDT_ADDRESS_OFFSET));
        assertEquals("XSDT", xsdt.signature());
        byte[] x = xsdt.bytes();
        assertEquals(2, (x.length - 36) / 8, "XSDT lists FADT and MADT");
        Placement fadt = at(layout, Hex.u64(x, 36));
        Placement madt = at(layout, Hex.u64(x, 44));
        assertEquals("FACP", new String(fadt.bytes(), 0, 4, java.nio.charset.StandardCharsets.US_ASCII));
        assertEquals("APIC", new String(madt.bytes(), 0, 4, java.nio.charset.StandardCharsets.US_ASCII));
        Placement dsdt = at(layout, Hex.u64(fadt.bytes(), Fadt.X_DSDT_OFFSET));
        assertEquals("DSDT", new String(dsdt.bytes(), 0, 4, java.nio.charset.StandardCharsets.US_ASCII));
        for (Placement p : layout.placements()) {
            assertEquals(0, Checksum.sum(p.bytes()), p + " checksum");
            assertEquals(0, p.guestAddress() % 16, p + " 16-byte aligned");
        }
        List<Placement> sorted = new ArrayList<>(layout.placements());
        sorted.sort((a, b) -> Long.compare(a.guestAddress(), b.guestAddress()));
        for (int i = 1; i < sorted.size(); i++) {
            assertTrue(sorted.get(i - 1).end() <= sorted.get(i).guestAddress(), "no overlap: " + sorted);
        }
    }

    @Test
    void defaultLayoutInTheBiosArea() {
        AcpiLayout l = AcpiTables.build(TYPICAL);
        assertEquals(0xE0000L, l.rsdpAddress());
        assertEquals(0xE0000L, l.table("RSD PTR ").guestAddress());
        assertEquals(0xE0030L, l.table("XSDT").guestAddress());
        assertEquals(0xE0070L, l.table("FACP").guestAddress());
        assertEquals(0xE0190L, l.table("APIC").guestAddress());
        assertEquals(0xE01F0L, l.table("DSDT").guestAddress());
        assertEquals(0xE0000L, l.start());
        assertTrue(l.end() <= 0x10_0000L);
        assertEquals(5, l.placements().size());
        assertCrossPointers(l);
    }

    @Test
    void largestConfigurationFits() {
        List<VirtioMmioDevice> devs = new ArrayList<>();
        long base = 0xD000_0000L;
        for (int irq = 5; irq < 24; irq++) {
            { // 0, 1, 2, 3 and 4 belong to the timer, i8042, COM2 and COM1
                devs.add(new VirtioMmioDevice(base, irq));
                base += 0x1000;
            }
        }
        AcpiLayout l = AcpiTables.build(new AcpiConfig(255, devs, true, true));
        assertCrossPointers(l);
        assertTrue(l.end() - l.start() < 8 * 1024, "size " + (l.end() - l.start()));
        assertEquals(44 + 255 * 8 + 28, l.table("APIC").length());
    }

    @Test
    void customRegion() {
        AcpiLayout l = AcpiTables.build(TYPICAL, 0x9_FC00L, 0xA_0000L);
        assertEquals(0x9_FC00L, l.rsdpAddress());
        assertCrossPointers(l);
        assertTrue(l.end() <= 0xA_0000L);
    }

    private static void assertRejected(String fragment, Executable e) {
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, e);
        assertTrue(ex.getMessage().contains(fragment), "message '" + ex.getMessage() + "' mentions '" + fragment + "'");
    }

    @Test
    void rejectsBadRegions() {
        assertRejected("16-byte aligned", () -> AcpiTables.build(TYPICAL, 0xE0008L, 0x10_0000L));
        assertRejected("holds only", () -> AcpiTables.build(TYPICAL, 0xE0000L, 0xE0100L));
        assertRejected("bad ACPI region", () -> AcpiTables.build(TYPICAL, 0xE0000L, 0xE0000L));
        AcpiConfig clash = new AcpiConfig(1, List.of(new VirtioMmioDevice(0xE1000L, 5)), false, false);
        assertRejected("overlaps the ACPI region", () -> AcpiTables.build(clash));
    }

    @Test
    void rejectsBadVcpuCounts() {
        assertRejected("1..255", () -> new AcpiConfig(0, List.of(), true, true));
        assertRejected("1..255", () -> new AcpiConfig(256, List.of(), true, true));
        new AcpiConfig(255, List.of(), true, true);
    }

    @Test
    void rejectsIrqsOutsideTheIoapic() {
        assertRejected("outside the IOAPIC", () -> new VirtioMmioDevice(0xD000_0000L, 24));
        assertRejected("outside the IOAPIC", () -> new VirtioMmioDevice(0xD000_0000L, -1));
    }

    @Test
    void rejectsIrqsAlreadyTaken() {
        assertRejected("8254 timer", () -> config(false, false, dev(0xD000_0000L, 0)));
        assertRejected("GSI 2", () -> config(false, false, dev(0xD000_0000L, 2)));
        assertRejected("COM1", () -> config(true, false, dev(0xD000_0000L, 4)));
        assertRejected("COM2", () -> config(true, false, dev(0xD000_0000L, 3)));
        assertRejected("i8042", () -> config(false, true, dev(0xD000_0000L, 1)));
        assertRejected("virtio-mmio device 0",
                () -> config(false, false, dev(0xD000_0000L, 5), dev(0xD000_1000L, 5)));
        // Without the UARTs / i8042 their IRQs are free for virtio.
        config(false, false, dev(0xD000_0000L, 4), dev(0xD000_1000L, 1), dev(0xD000_2000L, 3));
    }

    @Test
    void rejectsBadWindows() {
        assertRejected("windows overlap",
                () -> config(false, false, dev(0xD000_0000L, 5), new VirtioMmioDevice(0xD000_0800L, 0x1000, 6)));
        assertRejected("below 4 GiB", () -> new VirtioMmioDevice(0xFFFF_F800L, 0x1000, 5));
        assertRejected("positive", () -> new VirtioMmioDevice(0xD000_0000L, 0, 5));
        assertRejected("IOAPIC", () -> config(false, false, dev(0xFEC0_0000L, 5)));
        assertRejected("local APIC", () -> config(false, false, dev(0xFEDF_F000L, 0x2000, 5)));
        // Adjacent windows are fine.
        config(false, false, dev(0xD000_0000L, 5), dev(0xD000_1000L, 6));
    }

    @Test
    void rejectsNulls() {
        assertThrows(NullPointerException.class, () -> new AcpiConfig(1, null, false, false));
        List<VirtioMmioDevice> withNull = new ArrayList<>();
        withNull.add(null);
        assertThrows(NullPointerException.class, () -> new AcpiConfig(1, withNull, false, false));
    }

    private static VirtioMmioDevice dev(long base, int irq) {
        return new VirtioMmioDevice(base, irq);
    }

    private static VirtioMmioDevice dev(long base, long size, int irq) {
        return new VirtioMmioDevice(base, size, irq);
    }

    private static AcpiConfig config(boolean com1, boolean i8042, VirtioMmioDevice... devices) {
        return new AcpiConfig(1, List.of(devices), com1, i8042);
    }
}
