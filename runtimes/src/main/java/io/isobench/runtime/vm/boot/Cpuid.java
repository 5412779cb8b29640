package io.isobench.runtime.vm.boot;

import java.util.ArrayList;
import java.util.List;

/**
 * The CPUID a vCPU shows, derived from what KVM supports on this host
 * (KVM_GET_SUPPORTED_CPUID) with the per-vCPU parts filled in. KVM passes the supported
 * table through unchanged, so the fields that describe one vCPU among several (its APIC
 * id, the topology) must be set by us, consistently with the MADT (vCPU i has APIC id i):
 * Linux builds its CPU and cache topology from them, and a mismatch shows up as wrong
 * sibling maps or "APIC id mismatch" warnings.
 *
 * <p>The topology we present: one socket, one core per vCPU, one thread per core.
 */
public final class Cpuid {
    static final int LEAF_FEATURES = 0x1;
    static final int LEAF_CACHE = 0x4;
    static final int LEAF_TOPOLOGY = 0xB;
    static final int LEAF_TOPOLOGY_V2 = 0x1F;
    static final int LEAF_AMD_SIZE = 0x8000_0008;
    static final int LEAF_AMD_TOPOLOGY = 0x8000_001E;

    static final int ECX_HYPERVISOR = 1 << 31;
    static final int EDX_HTT = 1 << 28;
    static final int TOPOLOGY_SMT = 1;
    static final int TOPOLOGY_CORE = 2;

    private Cpuid() {
    }

    /**
     * @param supported the host's KVM_GET_SUPPORTED_CPUID table
     * @param apicId    this vCPU's APIC id (its index)
     * @param vcpus     vCPUs in the VM
     */
    public static List<CpuidEntry> forVcpu(List<CpuidEntry> supported, int apicId, int vcpus) {
        if (vcpus < 1 || apicId < 0 || apicId >= vcpus) {
            throw new IllegalArgumentException("vCPU " + apicId + " of " + vcpus);
        }
        int coreBits = bitsFor(vcpus);
        List<CpuidEntry> out = new ArrayList<>(supported.size() + 2);
        boolean hasTopologyLeaf = false;
        for (CpuidEntry e : supported) {
            switch (e.function()) {
                case LEAF_FEATURES -> out.add(features(e, apicId, vcpus, coreBits));
                case LEAF_CACHE -> out.add(cache(e, coreBits));
                case LEAF_TOPOLOGY, LEAF_TOPOLOGY_V2 -> {
                    // Rebuilt below for every sub-leaf, whatever KVM listed.
                    hasTopologyLeaf |= e.function() == LEAF_TOPOLOGY;
                    if (e.index() <= 1) {
                        out.add(topology(e, apicId, vcpus, coreBits));
                    } else {
                        out.add(e.withRegisters(0, 0, e.index(), apicId));
                    }
                }
                case LEAF_AMD_SIZE -> out.add(e.withRegisters(e.eax(), e.ebx(),
                        (e.ecx() & ~0xF0FF) | (coreBits << 12) | (vcpus - 1), e.edx()));
                case LEAF_AMD_TOPOLOGY -> out.add(e.withRegisters(apicId, apicId & 0xFF, 0, 0));
                default -> out.add(e);
            }
        }
        if (hasTopologyLeaf) {
            addMissingSubleaves(out, LEAF_TOPOLOGY, apicId, vcpus, coreBits);
        }
        return out;
    }

    /** Leaf 1: initial APIC id, logical processor count, HTT, and the hypervisor bit. */
    static CpuidEntry features(CpuidEntry e, int apicId, int vcpus, int coreBits) {
        int ebx = (e.ebx() & 0x0000_FFFF) | apicId << 24 | (1 << coreBits) << 16;
        int ecx = e.ecx() | ECX_HYPERVISOR;
        int edx = vcpus > 1 ? e.edx() | EDX_HTT : e.edx() & ~EDX_HTT;
        return e.withRegisters(e.eax(), ebx, ecx, edx);
    }

    /** Leaf 4 (Intel caches): cores per package; the last level is shared by all vCPUs, the rest by one. */
    static CpuidEntry cache(CpuidEntry e, int coreBits) {
        int type = e.eax() & 0x1F;
        if (type == 0) {
            return e;
        }
        int level = (e.eax() >> 5) & 0x7;
        int sharing = level >= 3 ? (1 << coreBits) - 1 : 0;
        int eax = (e.eax() & 0x3FFF) | sharing << 14 | ((1 << coreBits) - 1) << 26;
        return e.withRegisters(eax, e.ebx(), e.ecx(), e.edx());
    }

    /** Leaves 0xB / 0x1F sub-leaf 0 (threads: 1) and 1 (cores: all vCPUs), x2APIC id in EDX. */
    static CpuidEntry topology(CpuidEntry e, int apicId, int vcpus, int coreBits) {
        return e.index() == 0
                ? e.withRegisters(0, 1, TOPOLOGY_SMT << 8, apicId)
                : e.withRegisters(coreBits, vcpus, TOPOLOGY_CORE << 8 | 1, apicId);
    }

    private static void addMissingSubleaves(List<CpuidEntry> out, int leaf, int apicId, int vcpus, int coreBits) {
        for (int sub = 0; sub <= 1; sub++) {
            int s = sub;
            if (out.stream().noneMatch(e -> e.function() == leaf && e.index() == s)) {
                out.add(topology(new CpuidEntry(leaf, s, CpuidEntry.FLAG_SIGNIFICANT_INDEX, 0, 0, 0, 0), apicId, vcpus,
                        coreBits));
            }
        }
    }

    /** Bits needed to number {@code n} items: ceil(log2(n)), 0 for 1. */
    static int bitsFor(int n) {
        return n <= 1 ? 0 : 32 - Integer.numberOfLeadingZeros(n - 1);
    }
}
