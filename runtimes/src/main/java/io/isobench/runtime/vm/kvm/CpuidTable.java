package io.isobench.runtime.vm.kvm;

import com.sun.jna.Memory;

import io.isobench.runtime.vm.boot.CpuidEntry;

import java.util.ArrayList;
import java.util.List;

/** Encodes and decodes struct kvm_cpuid2 (a count followed by kvm_cpuid_entry2[]). */
final class CpuidTable {
    private CpuidTable() {
    }

    static Memory allocate(int capacity) {
        Memory m = new Memory(Layouts.KVM_CPUID2_HEADER + (long) capacity * Layouts.KVM_CPUID_ENTRY2);
        m.clear();
        m.setInt(Layouts.Cpuid.NENT, capacity);
        return m;
    }

    static Memory encode(List<CpuidEntry> entries) {
        Memory m = allocate(entries.size());
        for (int i = 0; i < entries.size(); i++) {
            CpuidEntry e = entries.get(i);
            long o = Layouts.Cpuid.ENTRIES + (long) i * Layouts.KVM_CPUID_ENTRY2;
            m.setInt(o + Layouts.Cpuid.ENTRY_FUNCTION, e.function());
            m.setInt(o + Layouts.Cpuid.ENTRY_INDEX, e.index());
            m.setInt(o + Layouts.Cpuid.ENTRY_FLAGS, e.flags());
            m.setInt(o + Layouts.Cpuid.ENTRY_EAX, e.eax());
            m.setInt(o + Layouts.Cpuid.ENTRY_EBX, e.ebx());
            m.setInt(o + Layouts.Cpuid.ENTRY_ECX, e.ecx());
            m.setInt(o + Layouts.Cpuid.ENTRY_EDX, e.edx());
        }
        return m;
    }

    static List<CpuidEntry> decode(Memory m) {
        int n = m.getInt(Layouts.Cpuid.NENT);
        List<CpuidEntry> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            long o = Layouts.Cpuid.ENTRIES + (long) i * Layouts.KVM_CPUID_ENTRY2;
            out.add(new CpuidEntry(m.getInt(o + Layouts.Cpuid.ENTRY_FUNCTION), m.getInt(o + Layouts.Cpuid.ENTRY_INDEX),
                    m.getInt(o + Layouts.Cpuid.ENTRY_FLAGS), m.getInt(o + Layouts.Cpuid.ENTRY_EAX),
                    m.getInt(o + Layouts.Cpuid.ENTRY_EBX), m.getInt(o + Layouts.Cpuid.ENTRY_ECX),
                    m.getInt(o + Layouts.Cpuid.ENTRY_EDX)));
        }
        return out;
    }
}
