package io.isobench.runtime.vm.boot;

import java.util.ArrayList;
import java.util.List;

/**
 * The e820 memory map handed to the kernel in the zero page. Two holes are cut out of low
 * RAM because a PC has them and Linux expects them: the EBDA just below 640 KiB, and
 * 0xA0000-0xFFFFF (VGA window and BIOS area) where our ACPI tables live
 * ({@code AcpiTables.DEFAULT_REGION_START}); the tables' range is announced as reserved so
 * the guest never reuses that memory.
 */
public final class E820 {
    public static final int RAM = 1;
    public static final int RESERVED = 2;
    /** Start of the Extended BIOS Data Area hole, as on a PC: RAM below 639 KiB. */
    public static final long EBDA_START = 0x9FC00;
    public static final long LEGACY_HOLE_END = 0x10_0000;
    public static final long BIOS_AREA_START = 0xE0000;
    /** The zero page has room for this many entries (boot_params.e820_table). */
    public static final int MAX_ENTRIES = 128;

    /** One entry: 20 bytes in the zero page (addr u64, size u64, type u32). */
    public record Entry(long address, long size, int type) {
    }

    private E820() {
    }

    public static List<Entry> of(RamLayout ram) {
        List<Entry> map = new ArrayList<>();
        map.add(new Entry(0, EBDA_START, RAM));
        map.add(new Entry(EBDA_START, 0xA0000 - EBDA_START, RESERVED));
        map.add(new Entry(BIOS_AREA_START, LEGACY_HOLE_END - BIOS_AREA_START, RESERVED));
        map.add(new Entry(LEGACY_HOLE_END, ram.lowEnd() - LEGACY_HOLE_END, RAM));
        for (RamLayout.Region r : ram.regions().subList(1, ram.regions().size())) {
            map.add(new Entry(r.guestAddress(), r.size(), RAM));
        }
        return map;
    }
}
