package io.isobench.runtime.vm.acpi;

import io.isobench.runtime.vm.FuzzBudget;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AddLifecycleHook;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Any machine description through the ACPI builder (jqwik, fixed seed and budget; FuzzBudget
 * raises it for the soak): vCPU counts around the limits, virtio-mmio windows anywhere
 * (overlapping, on the APIC pages, across 4 GiB, sizes up to 2^63), any IRQs, any region for
 * the tables. Either a one-sentence IllegalArgumentException, or tables that are whole: each
 * inside the region, none overlapping, checksums zero, header lengths right, the XSDT and FADT
 * pointing at the tables that are there, one MADT local APIC per vCPU, and every window an
 * accepted device has below 4 GiB.
 */
@AddLifecycleHook(FuzzBudget.class)
class AcpiBuilderProperties {

    record Window(long base, long size, int irq) {
    }

    record Machine(int vcpus, List<Window> windows, boolean uarts, boolean i8042, long regionStart, long regionLength) {
    }

    @Provide
    Arbitrary<Window> window() {
        Arbitrary<Long> base = Arbitraries.oneOf(Arbitraries.longs().between(0xD000_0000L, 0xD002_0000L).map(b -> b & ~0xFFFL),
                Arbitraries.of(0L, 1L, 0xFEC0_0000L, 0xFEE0_0800L, 0xFFFF_F000L, 0xFFFF_FFFFL, 0x1_0000_0000L, -1L, 0xE0000L));
        Arbitrary<Long> size = Arbitraries.frequencyOf(Tuple.of(6, Arbitraries.just(0x1000L)),
                Tuple.of(1, Arbitraries.of(0L, 1L, -1L, 0x1_0000_0000L, Long.MAX_VALUE, Long.MAX_VALUE - 0xFFFL)));
        Arbitrary<Integer> irq = Arbitraries.oneOf(Arbitraries.integers().between(5, 23), Arbitraries.of(-1, 0, 1, 2, 3, 4, 24, 255));
        return Combinators.combine(base, size, irq).as(Window::new);
    }

    @Provide
    Arbitrary<Machine> machine() {
        Arbitrary<Integer> vcpus = Arbitraries.oneOf(Arbitraries.integers().between(1, 8), Arbitraries.of(0, -1, 254, 255, 256));
        Arbitrary<Long> start = Arbitraries.frequencyOf(Tuple.of(6, Arbitraries.just(AcpiTables.DEFAULT_REGION_START)),
                Tuple.of(1, Arbitraries.of(-16L, 0L, 8L, 0xD000_0000L, Long.MAX_VALUE - 15)));
        Arbitrary<Long> length = Arbitraries.frequencyOf(Tuple.of(6, Arbitraries.just(0x20000L)),
                Tuple.of(1, Arbitraries.of(0L, 16L, 0x100L, Long.MAX_VALUE)));
        return Combinators.combine(vcpus, window().list().ofMaxSize(20), Arbitraries.of(true, false), Arbitraries.of(true, false),
                start, length).as(Machine::new);
    }

    @Property(tries = 300, seed = "16")
    void anyMachineGivesWholeTablesOrOneSentence(@ForAll("machine") Machine m) {
        AcpiLayout layout;
        long regionEnd = m.regionStart() + m.regionLength(); // may overflow: the builder must refuse that
        try {
            List<VirtioMmioDevice> devices = new ArrayList<>();
            for (Window w : m.windows()) {
                VirtioMmioDevice d = new VirtioMmioDevice(w.base(), w.size(), w.irq());
                assertTrue(d.base() >= 0 && d.size() > 0 && d.size() <= (1L << 32) - d.base(),
                        "a window 0x" + Long.toHexString(d.base()) + "+0x" + Long.toHexString(d.size())
                                + " not below 4 GiB was accepted");
                devices.add(d);
            }
            layout = AcpiTables.build(new AcpiConfig(m.vcpus(), devices, m.uarts(), m.i8042()), m.regionStart(), regionEnd);
        } catch (IllegalArgumentException refused) {
            assertTrue(refused.getMessage() != null && !refused.getMessage().isBlank());
            return;
        }
        List<Placement> tables = layout.placements();
        for (int i = 0; i < tables.size(); i++) {
            Placement p = tables.get(i);
            assertTrue(p.guestAddress() >= m.regionStart() && p.end() <= regionEnd && p.end() > p.guestAddress(),
                    p + " outside the region");
            for (int j = 0; j < i; j++) {
                Placement o = tables.get(j);
                assertTrue(p.end() <= o.guestAddress() || o.end() <= p.guestAddress(), p + " overlaps " + o);
            }
            byte[] b = p.bytes();
            if (p.signature().equals("RSD PTR ")) {
                assertEquals(0, sum(b, 20), "RSDP checksum over its first 20 bytes");
                assertEquals(b.length, u32(b, 20), "RSDP length");
                assertEquals(layout.table("XSDT").guestAddress(), u64(b, 24), "RSDP -> XSDT");
            } else {
                assertEquals(b.length, u32(b, 4), p.signature() + " length field");
            }
            assertEquals(0, sum(b, b.length), p.signature() + " checksum");
        }
        byte[] xsdt = layout.table("XSDT").bytes();
        assertEquals(layout.table("FACP").guestAddress(), u64(xsdt, 36), "XSDT -> FADT");
        assertEquals(layout.table("APIC").guestAddress(), u64(xsdt, 44), "XSDT -> MADT");
        assertEquals(layout.table("DSDT").guestAddress(), u64(layout.table("FACP").bytes(), 140), "FADT X_DSDT");
        assertEquals(m.vcpus(), localApics(layout.table("APIC").bytes()), "one local APIC per vCPU");
    }

    /**
     * Seen while writing the property (which fails without the fix): base 1 + size 2^63-1 overflowed to a negative end, which is not
     * "above 4 GiB", so the window was accepted (the AML encoder refused it later, with a
     * sentence about Memory32Fixed instead of the window).
     */
    @Example
    void aWindowWhoseEndOverflowsIsRefused() {
        String msg = assertThrows(IllegalArgumentException.class, () -> new VirtioMmioDevice(1, Long.MAX_VALUE, 5)).getMessage();
        assertTrue(msg.contains("below 4 GiB"), msg);
    }

    private static int localApics(byte[] madt) {
        int count = 0;
        for (int at = 44; at + 2 <= madt.length; ) {
            int length = madt[at + 1] & 0xff;
            assertTrue(length >= 2, "a MADT entry of length " + length);
            count += madt[at] == 0 ? 1 : 0;
            at += length;
        }
        return count;
    }

    private static int sum(byte[] b, int length) {
        int s = 0;
        for (int i = 0; i < length; i++) {
            s += b[i];
        }
        return s & 0xff;
    }

    private static long u32(byte[] b, int at) {
        return io.isobench.runtime.vm.memory.Bytes.u32(b, at);
    }

    private static long u64(byte[] b, int at) {
        return io.isobench.runtime.vm.memory.Bytes.u64(b, at);
    }
}
