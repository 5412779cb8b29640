package io.isobench.runtime.vm.boot;

/**
 * One CPUID leaf as KVM exchanges it ({@code struct kvm_cpuid_entry2}).
 *
 * @param flags KVM_CPUID_FLAG_SIGNIFCANT_INDEX (1) when {@code index} (ECX input) selects a sub-leaf
 */
public record CpuidEntry(int function, int index, int flags, int eax, int ebx, int ecx, int edx) {
    public static final int FLAG_SIGNIFICANT_INDEX = 1;

    CpuidEntry withRegisters(int eax, int ebx, int ecx, int edx) {
        return new CpuidEntry(function, index, flags, eax, ebx, ecx, edx);
    }
}
