package io.isobench.runtime.vm.devices.virtio;

import java.util.ArrayList;
import java.util.List;

/**
 * Guest memory for device tests: a byte array at guest-physical 0, with the same contract as
 * the VMM's memory (every range checked, overflow-safe). It also counts refused accesses,
 * so tests can see a hostile request was stopped at the edge. Optionally it has a hole (like
 * the 3-4 GiB MMIO hole of a real guest: addresses on both sides are RAM, the hole is not)
 * and logs every write it accepted, so a test can check a device wrote only where the driver
 * let it.
 */
public final class ArrayMemory implements VirtioMemory {
    public final byte[] bytes;
    public int refused;
    private final long holeStart;
    private final long holeEnd;
    private List<long[]> writes;

    public ArrayMemory(int size) {
        this(size, 0, 0);
    }

    /** Memory of {@code size} bytes where {@code [holeStart, holeEnd)} is not RAM. */
    public ArrayMemory(int size, long holeStart, long holeEnd) {
        this.bytes = new byte[size];
        this.holeStart = holeStart;
        this.holeEnd = holeEnd;
    }

    /** From now on, remember each accepted write as {address, length}. */
    public ArrayMemory logWrites() {
        writes = new ArrayList<>();
        return this;
    }

    /** The writes accepted since {@link #logWrites()} (or the last call), then forgets them. */
    public List<long[]> takeWrites() {
        List<long[]> out = List.copyOf(writes);
        writes.clear();
        return out;
    }

    @Override
    public boolean contains(long address, long length) {
        return address >= 0 && length >= 0 && address <= bytes.length - length
                && (length == 0 || address + length <= holeStart || address >= holeEnd);
    }

    private int check(long address, int length) {
        if (!contains(address, length)) {
            refused++;
            throw new GuestAccessException("range " + Long.toHexString(address) + "+" + length
                    + " outside " + bytes.length + " bytes of guest memory");
        }
        return (int) address;
    }

    @Override
    public void read(long guestAddress, byte[] into, int offset, int length) {
        System.arraycopy(bytes, check(guestAddress, length), into, offset, length);
    }

    @Override
    public void write(long guestAddress, byte[] from, int offset, int length) {
        System.arraycopy(from, offset, bytes, check(guestAddress, length), length);
        if (writes != null) {
            writes.add(new long[] {guestAddress, length});
        }
    }
}
