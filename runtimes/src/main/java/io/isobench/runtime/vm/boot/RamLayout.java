package io.isobench.runtime.vm.boot;

import java.util.ArrayList;
import java.util.List;

/**
 * Where guest RAM lives in guest-physical space. Below 4 GiB, RAM stops at
 * {@link #LOW_RAM_END} (3 GiB): the last GiB is the MMIO hole that holds the virtio-mmio
 * windows, the IOAPIC (0xFEC00000) and the local APICs (0xFEE00000), as on a PC. Whatever
 * does not fit below the hole continues at 4 GiB. The VMM maps exactly these regions and
 * the e820 map announces exactly these (minus the legacy holes, see {@link E820}).
 */
public record RamLayout(long bytes, List<Region> regions) {
    public static final long MIB = 1L << 20;
    public static final long LOW_RAM_END = 3L << 30;
    public static final long HIGH_RAM_START = 4L << 30;
    /** Below this a Linux guest cannot unpack itself next to its initramfs; a sentence is kinder than a hang. */
    public static final long MIN_BYTES = 64 * MIB;
    /** The identity map built for the 64-bit entry covers 4 GiB; RAM beyond is the kernel's to map. */
    public static final long MAX_BYTES = 1L << 40;

    /** One contiguous piece of guest RAM. */
    public record Region(long guestAddress, long size) {
        public long end() {
            return guestAddress + size;
        }

        public boolean contains(long address, long length) {
            return address >= guestAddress && length >= 0 && address <= end() - length;
        }
    }

    public RamLayout {
        regions = List.copyOf(regions);
    }

    /**
     * @throws IllegalArgumentException with one sentence when the size is too small, too
     *                                  large or not a whole number of MiB
     */
    public static RamLayout of(long bytes) {
        if (bytes < MIN_BYTES || bytes > MAX_BYTES) {
            throw new IllegalArgumentException("guest memory must be between " + MIN_BYTES / MIB + " MiB and "
                    + MAX_BYTES / MIB + " MiB, got " + bytes / MIB + " MiB");
        }
        if (bytes % MIB != 0) {
            throw new IllegalArgumentException("guest memory must be a whole number of MiB, got " + bytes + " bytes");
        }
        List<Region> regions = new ArrayList<>();
        long low = Math.min(bytes, LOW_RAM_END);
        regions.add(new Region(0, low));
        if (bytes > low) {
            regions.add(new Region(HIGH_RAM_START, bytes - low));
        }
        return new RamLayout(bytes, regions);
    }

    /** End of the RAM below the MMIO hole. */
    public long lowEnd() {
        return regions.get(0).end();
    }

    /** True when [address, address+length) lies inside one region. */
    public boolean contains(long address, long length) {
        return regions.stream().anyMatch(r -> r.contains(address, length));
    }
}
