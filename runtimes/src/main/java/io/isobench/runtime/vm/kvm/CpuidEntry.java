package io.isobench.runtime.vm.kvm;

/** struct kvm_cpuid_entry2: one CPUID leaf (function, sub-leaf index) and its registers. */
public record CpuidEntry(int function, int index, int flags, int eax, int ebx, int ecx, int edx) {
    /** kvm_cpuid_entry2.flags: the leaf has sub-leaves selected by ECX (the index is significant). */
    public static final int FLAG_SIGNIFCANT_INDEX = 1;
}
