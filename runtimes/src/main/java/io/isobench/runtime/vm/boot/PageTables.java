package io.isobench.runtime.vm.boot;

import io.isobench.runtime.vm.devices.virtio.VirtioMemory;
import io.isobench.runtime.vm.memory.Bytes;

/**
 * The identity map the 64-bit entry needs (boot.rst: "the range of the kernel, zero page
 * and command line buffer must be identity mapped"). We map the whole first 4 GiB with 2 MiB
 * pages, which covers wherever the kernel, initramfs and tables are in low RAM, plus the
 * MMIO hole: PML4 -> one PDPT -> four page directories of 512 entries. Linux replaces these
 * tables early in boot.
 */
public final class PageTables {
    public static final long PML4 = 0x9000;
    public static final long PDPT = 0xA000;
    public static final long PD = 0xB000;
    public static final int PD_COUNT = 4;
    /** First byte after the tables. */
    public static final long END = PD + PD_COUNT * 0x1000L;

    static final long PRESENT = 1;
    static final long WRITABLE = 1 << 1;
    static final long HUGE = 1 << 7;
    static final long PAGE_2M = 2L << 20;

    private PageTables() {
    }

    /** Writes the tables and returns the value for CR3. */
    public static long write(VirtioMemory memory) {
        byte[] page = new byte[4096];
        Bytes.putU64(page, 0, PDPT | PRESENT | WRITABLE);
        memory.write(PML4, page, 0, page.length);

        page = new byte[4096];
        for (int i = 0; i < PD_COUNT; i++) {
            Bytes.putU64(page, i * 8, (PD + i * 0x1000L) | PRESENT | WRITABLE);
        }
        memory.write(PDPT, page, 0, page.length);

        for (int d = 0; d < PD_COUNT; d++) {
            page = new byte[4096];
            for (int i = 0; i < 512; i++) {
                long physical = ((long) d * 512 + i) * PAGE_2M;
                Bytes.putU64(page, i * 8, physical | PRESENT | WRITABLE | HUGE);
            }
            memory.write(PD + d * 0x1000L, page, 0, page.length);
        }
        return PML4;
    }
}
