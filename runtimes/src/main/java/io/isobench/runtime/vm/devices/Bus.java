package io.isobench.runtime.vm.devices;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An address space of devices: the port I/O space (16-bit ports) or the MMIO space. Each
 * device claims a range before the vCPUs start; the bus then routes every access to the
 * device whose range holds it, with the offset into that range. Accesses nobody claimed
 * behave like an empty ISA bus (reads all ones, writes dropped) and are counted, so a
 * guest probing for hardware we do not have is quiet but visible.
 */
public final class Bus {
    private record Claim(long base, long length, BusDevice device, String name) {
        boolean contains(long address, int size) {
            return address >= base && address - base <= length - size;
        }
    }

    private final String name;
    private final TreeMap<Long, Claim> claims = new TreeMap<>();
    private final AtomicLong unclaimedReads = new AtomicLong();
    private final AtomicLong unclaimedWrites = new AtomicLong();
    /** The latest unclaimed access, for the sentence that ends an exit storm; racy, diagnostics only. */
    private volatile String lastUnclaimed;
    private volatile boolean sealed;

    public Bus(String name) {
        this.name = name;
    }

    /**
     * Gives [base, base + length) to {@code device}.
     *
     * @throws IllegalArgumentException when the range overlaps an earlier claim or is empty
     * @throws IllegalStateException    once {@link #seal()} was called
     */
    public synchronized void claim(long base, long length, String deviceName, BusDevice device) {
        if (sealed) {
            throw new IllegalStateException(name + " bus: devices must be added before the vCPUs start");
        }
        if (length <= 0 || base < 0 || base > Long.MAX_VALUE - length) {
            throw new IllegalArgumentException(name + " bus: bad range for " + deviceName);
        }
        Map.Entry<Long, Claim> below = claims.floorEntry(base + length - 1);
        if (below != null && below.getValue().base() + below.getValue().length() > base) {
            throw new IllegalArgumentException(String.format("%s bus: %s at 0x%x+0x%x overlaps %s", name, deviceName,
                    base, length, below.getValue().name()));
        }
        claims.put(base, new Claim(base, length, device, deviceName));
    }

    /** After this the claims never change, so lookups need no lock. */
    public synchronized void seal() {
        sealed = true;
    }

    private Claim find(long address, int size) {
        Map.Entry<Long, Claim> e = claims.floorEntry(address);
        return e != null && e.getValue().contains(address, size) ? e.getValue() : null;
    }

    /** Reads {@code size} bytes at {@code address}; all ones when no device claims the whole access. */
    public long read(long address, int size) {
        Claim c = find(address, size);
        if (c == null) {
            unclaimedReads.incrementAndGet();
            lastUnclaimed = describe("read", address, size);
            return size >= 8 ? -1L : (1L << (8 * size)) - 1;
        }
        return c.device().read(address - c.base(), size);
    }

    /** Writes {@code size} bytes at {@code address}; dropped (and counted) when unclaimed. */
    public void write(long address, int size, long value) {
        Claim c = find(address, size);
        if (c == null) {
            unclaimedWrites.incrementAndGet();
            lastUnclaimed = describe("write", address, size);
            return;
        }
        c.device().write(address - c.base(), size, value);
    }

    public long unclaimedReads() {
        return unclaimedReads.get();
    }

    public long unclaimedWrites() {
        return unclaimedWrites.get();
    }

    public long unclaimed() {
        return unclaimedReads.get() + unclaimedWrites.get();
    }

    /** E.g. {@code MMIO write of 4 bytes at 0xd0001000}; null before the first unclaimed access. */
    public String lastUnclaimed() {
        return lastUnclaimed;
    }

    private String describe(String access, long address, int size) {
        return String.format("%s %s of %d byte%s at 0x%x", name, access, size, size == 1 ? "" : "s", address);
    }

    public String name() {
        return name;
    }
}
