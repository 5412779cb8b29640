package io.isobench.runtime.vm.devices.virtio.net;

import io.isobench.runtime.vm.devices.virtio.Descriptor;
import io.isobench.runtime.vm.devices.virtio.VirtioMemory;

import java.util.List;

/**
 * Walks a chain's buffers in order as one byte stream, copying into or out of guest memory.
 * Addresses come from the guest: every step is {@code Math.addExact} and goes through
 * {@link VirtioMemory}, which refuses any range outside guest RAM (GuestAccessException);
 * the caller has already checked that the chain is long enough for what it copies.
 */
final class ChainCursor {
    private final VirtioMemory memory;
    private final List<Descriptor> buffers;
    private int index;
    private long within;

    ChainCursor(VirtioMemory memory, List<Descriptor> buffers) {
        this.memory = memory;
        this.buffers = buffers;
    }

    /** Copies the next {@code length} bytes of the chain into {@code into} at {@code offset}. */
    void read(byte[] into, int offset, int length) {
        int done = 0;
        while (done < length) {
            Descriptor d = current();
            int n = (int) Math.min(length - done, d.length() - within);
            memory.read(Math.addExact(d.address(), within), into, offset + done, n);
            within += n;
            done += n;
        }
    }

    /** Copies {@code length} bytes of {@code from} at {@code offset} into the next bytes of the chain. */
    void write(byte[] from, int offset, int length) {
        int done = 0;
        while (done < length) {
            Descriptor d = current();
            int n = (int) Math.min(length - done, d.length() - within);
            memory.write(Math.addExact(d.address(), within), from, offset + done, n);
            within += n;
            done += n;
        }
    }

    private Descriptor current() {
        while (buffers.get(index).length() == within) {
            index++;
            within = 0;
        }
        return buffers.get(index);
    }
}
