package io.isobench.runtime.vm.boot;

import io.isobench.runtime.vm.memory.Bytes;

/**
 * The GDT of the 64-bit entry. The boot protocol (Documentation/arch/x86/boot.rst, "64-bit
 * boot protocol") asks for flat segments at selectors __BOOT_CS = 0x10 (execute/read) and
 * __BOOT_DS = 0x18 (read/write) with CS and DS/ES/SS loaded from them. A TSS follows
 * because a VMX host refuses to enter a guest in long mode without a usable task
 * register; it is never used (no privilege changes happen before Linux loads its own).
 */
public final class Gdt {
    public static final long ADDRESS = 0x500;
    public static final int CODE_SELECTOR = 0x10;
    public static final int DATA_SELECTOR = 0x18;
    public static final int TSS_SELECTOR = 0x20;
    /** null, unused, code, data, TSS (16 bytes: a system descriptor in long mode). */
    public static final int ENTRIES = 6;
    public static final int LIMIT = ENTRIES * 8 - 1;

    private static final int TYPE_CODE_EXEC_READ_ACCESSED = 0xB;
    private static final int TYPE_DATA_READ_WRITE_ACCESSED = 0x3;
    private static final int TYPE_TSS_64_BUSY = 0xB;

    public static final Segment CODE = new Segment(0, 0xFFFF_FFFFL, CODE_SELECTOR, TYPE_CODE_EXEC_READ_ACCESSED,
            true, 0, false, true, true, true, false);
    public static final Segment DATA = new Segment(0, 0xFFFF_FFFFL, DATA_SELECTOR, TYPE_DATA_READ_WRITE_ACCESSED,
            true, 0, true, true, false, true, false);
    /** A minimal 64-bit TSS (104 bytes) in the page after the GDT area; never loaded by the guest. */
    public static final Segment TSS = new Segment(0x1000, 0x67, TSS_SELECTOR, TYPE_TSS_64_BUSY,
            true, 0, false, false, false, false, false);

    private Gdt() {
    }

    /** The table's bytes, little-endian, {@link #ENTRIES} x 8. */
    public static byte[] bytes() {
        long[] entries = {0, 0, CODE.descriptor(), DATA.descriptor(), TSS.descriptor(), TSS.base() >>> 32};
        byte[] out = new byte[entries.length * 8];
        for (int i = 0; i < entries.length; i++) {
            Bytes.putU64(out, i * 8, entries[i]);
        }
        return out;
    }
}
