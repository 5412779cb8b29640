package io.isobench.runtime.vm.boot;

import io.isobench.runtime.vm.memory.Bytes;

/**
 * The local APIC's two local interrupt pins as a PC wires them and as our MADT describes
 * them: LINT0 in ExtINT mode (the legacy 8259 PIC's output, used while Linux checks the
 * timer) and LINT1 as NMI. Firmware programs this; with no firmware, the VMM edits the
 * register page it reads with KVM_GET_LAPIC and writes it back with KVM_SET_LAPIC.
 */
public final class LocalApicSetup {
    public static final int LVT_LINT0 = 0x350;
    public static final int LVT_LINT1 = 0x360;
    static final int DELIVERY_MODE_MASK = 0x700;
    static final int MODE_NMI = 0x4;
    static final int MODE_EXTINT = 0x7;

    private LocalApicSetup() {
    }

    /** Returns a copy of {@code registers} (the 1 KiB kvm_lapic_state) with LINT0/LINT1 set. */
    public static byte[] withLegacyPins(byte[] registers) {
        if (registers.length < LVT_LINT1 + 4) {
            throw new IllegalArgumentException("a local APIC register page is 1024 bytes, got " + registers.length);
        }
        byte[] out = registers.clone();
        setMode(out, LVT_LINT0, MODE_EXTINT);
        setMode(out, LVT_LINT1, MODE_NMI);
        return out;
    }

    private static void setMode(byte[] regs, int offset, int mode) {
        long v = Bytes.u32(regs, offset);
        Bytes.putU32(regs, offset, (v & ~DELIVERY_MODE_MASK) | (long) mode << 8);
    }
}
