package io.isobench.runtime.vm.boot;

/**
 * The register state vCPU 0 starts in for the 64-bit boot protocol: long mode with paging
 * on the identity map, flat segments from {@link Gdt}, interrupts off, %rsi = zero page.
 * The VMM turns it into KVM_SET_SREGS / KVM_SET_REGS; the other vCPUs start in the
 * wait-for-SIPI state the in-kernel local APIC gives them and are woken by the guest.
 */
public record BootState(long rip, long rsi, long rsp, long rflags,
                        long cr0, long cr3, long cr4, long efer,
                        Segment code, Segment data, Segment tss,
                        long gdtBase, int gdtLimit, long idtBase, int idtLimit) {
    public static final long CR0_PE = 1;
    public static final long CR0_ET = 1 << 4;
    public static final long CR0_PG = 1L << 31;
    public static final long CR4_PAE = 1 << 5;
    public static final long EFER_LME = 1 << 8;
    public static final long EFER_LMA = 1 << 10;
    /** Bit 1 of RFLAGS is reserved and always set; IF (bit 9) clear, as the protocol asks. */
    public static final long RFLAGS_RESERVED = 0x2;
    /** x87 control word and MXCSR after FNINIT / reset, for KVM_SET_FPU. */
    public static final int FPU_CONTROL_WORD = 0x37F;
    public static final int MXCSR = 0x1F80;

    /** The state for a kernel entered at {@code entry} with the zero page at {@code zeroPage}. */
    public static BootState longMode(long entry, long zeroPage, long stack, long cr3) {
        return new BootState(entry, zeroPage, stack, RFLAGS_RESERVED,
                CR0_PE | CR0_ET | CR0_PG, cr3, CR4_PAE, EFER_LME | EFER_LMA,
                Gdt.CODE, Gdt.DATA, Gdt.TSS, Gdt.ADDRESS, Gdt.LIMIT, 0, 0);
    }
}
