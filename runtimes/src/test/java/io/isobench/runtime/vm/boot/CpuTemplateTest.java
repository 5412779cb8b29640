package io.isobench.runtime.vm.boot;

import io.isobench.runtime.vm.memory.Bytes;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class CpuTemplateTest {
    private static final List<CpuidEntry> HOST = List.of(
            new CpuidEntry(0x1, 0, 0, 0x000A0F11, 0x00000800, 0x7ED8320B, 0x178BFBFF),
            new CpuidEntry(0x4, 0, 1, 0x00000121, 0x01C0003F, 0x3F, 0),   // L1d
            new CpuidEntry(0x4, 3, 1, 0x00000163, 0x03C0003F, 0x3FFF, 0), // L3
            new CpuidEntry(0x4, 4, 1, 0, 0, 0, 0),                        // end of list
            new CpuidEntry(0xB, 0, 1, 1, 2, 0x100, 7),
            new CpuidEntry(0xB, 1, 1, 4, 16, 0x201, 7),
            new CpuidEntry(0xB, 2, 1, 0, 0, 2, 7),
            new CpuidEntry(0x8000_0008, 0, 0, 0x3030, 0, 0x700F, 0),
            new CpuidEntry(0x8000_001E, 0, 0, 9, 0x104, 0x0300, 0),
            new CpuidEntry(0x4000_0000, 0, 0, 0x40000001, 0x4B4D564B, 0x564B4D56, 0x4D));

    private static CpuidEntry leaf(List<CpuidEntry> table, int function, int index) {
        return table.stream().filter(e -> e.function() == function && e.index() == index).findFirst().orElseThrow();
    }

    @Test
    void eachVcpuSeesItsOwnApicIdAndOneSocketOfAllVcpus() {
        List<CpuidEntry> t = Cpuid.forVcpu(HOST, 2, 3);
        // leaf 1: APIC id 2 in EBX[31:24], 4 addressable ids (2 bits), CLFLUSH size kept; hypervisor bit; HTT.
        assertEquals(new CpuidEntry(0x1, 0, 0, 0x000A0F11, 0x02040800, 0xFED8320B, 0x178BFBFF | 1 << 28), leaf(t, 1, 0));
        // leaf 4: 4 cores per package; L1 private, L3 shared by all.
        assertEquals(0x0C000121, leaf(t, 4, 0).eax());
        assertEquals(0x0C00C163, leaf(t, 4, 3).eax());
        // leaf 0xB: SMT level 1 thread, core level 3 vCPUs with a 2-bit shift; x2APIC id everywhere.
        assertEquals(new CpuidEntry(0xB, 0, 1, 0, 1, 0x100, 2), leaf(t, 0xB, 0));
        assertEquals(new CpuidEntry(0xB, 1, 1, 2, 3, 0x201, 2), leaf(t, 0xB, 1));
        assertEquals(new CpuidEntry(0xB, 2, 1, 0, 0, 2, 2), leaf(t, 0xB, 2));
        // AMD: NC = 2, ApicIdCoreIdSize = 2; extended APIC id = 2.
        assertEquals(0x2002, leaf(t, 0x8000_0008, 0).ecx());
        assertEquals(new CpuidEntry(0x8000_001E, 0, 0, 2, 2, 0, 0), leaf(t, 0x8000_001E, 0));
        // Leaves that describe no vCPU pass through.
        assertEquals(leaf(HOST, 0x4000_0000, 0), leaf(t, 0x4000_0000, 0));
        assertEquals(HOST.size(), t.size());
    }

    @Test
    void aSingleVcpuHasNoHyperThreadingBit() {
        CpuidEntry one = leaf(Cpuid.forVcpu(HOST, 0, 1), 1, 0);
        assertEquals(0x00010800, one.ebx());
        assertEquals(0, one.edx() & 1 << 28);
    }

    @Test
    void bitsForCountsTheBitsOfTheHighestId() {
        assertEquals(List.of(0, 1, 2, 2, 3, 3, 4), List.of(Cpuid.bitsFor(1), Cpuid.bitsFor(2), Cpuid.bitsFor(3),
                Cpuid.bitsFor(4), Cpuid.bitsFor(5), Cpuid.bitsFor(8), Cpuid.bitsFor(9)));
    }

    @Test
    void bootMsrsEnableWriteBackMtrrsAndFastStrings() {
        assertEquals(0x806, BootMsrs.entries().stream().filter(m -> m.index() == 0x2FF).findFirst().orElseThrow().value());
        assertEquals(1, BootMsrs.entries().stream().filter(m -> m.index() == 0x1A0).findFirst().orElseThrow().value());
        assertEquals(11, BootMsrs.entries().size());
    }

    @Test
    void lintPinsBecomeExtIntAndNmiKeepingTheOtherBits() {
        byte[] regs = new byte[1024];
        Bytes.putU32(regs, 0x350, 0x10000); // masked, fixed
        Bytes.putU32(regs, 0x360, 0x10000);
        byte[] set = LocalApicSetup.withLegacyPins(regs);
        assertEquals(0x10700, Bytes.u32(set, 0x350));
        assertEquals(0x10400, Bytes.u32(set, 0x360));
        assertEquals(0x10000, Bytes.u32(regs, 0x350), "the input is not modified");
    }
}
