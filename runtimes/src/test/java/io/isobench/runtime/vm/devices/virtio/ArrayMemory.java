package io.isobench.runtime.vm.devices.virtio;

/**
 * Guest memory for device tests: a byte array at guest-physical 0, with the same contract as
 * the VMM's memory (every range checked, overflow-safe). It also counts refused accesses,
 * so tests can see a hostile request was stopped at the edge.
 */
public final class ArrayMemory implements VirtioMemory {
    public final byte[] bytes;
    public int refused;

    public ArrayMemory(int size) {
        this.bytes = new byte[size];
    }

    private int check(long address, int length) {
        if (address < 0 || length < 0 || address > bytes.length - (long) length) {
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
    }
}
