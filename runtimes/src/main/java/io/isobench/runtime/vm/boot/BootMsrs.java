package io.isobench.runtime.vm.boot;

import java.util.List;

/**
 * Model-specific registers set on every vCPU before it runs (KVM_SET_MSRS): the syscall and
 * sysenter MSRs cleared (Linux programs them), the TSC at 0, fast strings enabled in
 * IA32_MISC_ENABLE as firmware does, and MTRRs enabled with write-back as the default type —
 * without that, a guest that honours MTRRs maps all of RAM uncached and runs many times
 * slower.
 */
public final class BootMsrs {
    public static final int IA32_TSC = 0x10;
    public static final int IA32_SYSENTER_CS = 0x174;
    public static final int IA32_SYSENTER_ESP = 0x175;
    public static final int IA32_SYSENTER_EIP = 0x176;
    public static final int IA32_MISC_ENABLE = 0x1A0;
    public static final int IA32_MTRR_DEF_TYPE = 0x2FF;
    public static final int STAR = 0xC000_0081;
    public static final int LSTAR = 0xC000_0082;
    public static final int CSTAR = 0xC000_0083;
    public static final int SYSCALL_MASK = 0xC000_0084;
    public static final int KERNEL_GS_BASE = 0xC000_0102;

    static final long MISC_ENABLE_FAST_STRING = 1;
    static final long MTRR_ENABLE = 1 << 11;
    static final long MEMORY_TYPE_WRITE_BACK = 6;

    /** One MSR write. */
    public record Msr(int index, long value) {
    }

    private BootMsrs() {
    }

    public static List<Msr> entries() {
        return List.of(
                new Msr(IA32_SYSENTER_CS, 0), new Msr(IA32_SYSENTER_ESP, 0), new Msr(IA32_SYSENTER_EIP, 0),
                new Msr(STAR, 0), new Msr(CSTAR, 0), new Msr(KERNEL_GS_BASE, 0), new Msr(SYSCALL_MASK, 0),
                new Msr(LSTAR, 0), new Msr(IA32_TSC, 0),
                new Msr(IA32_MISC_ENABLE, MISC_ENABLE_FAST_STRING),
                new Msr(IA32_MTRR_DEF_TYPE, MTRR_ENABLE | MEMORY_TYPE_WRITE_BACK));
    }
}
