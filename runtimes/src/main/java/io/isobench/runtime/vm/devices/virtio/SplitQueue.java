package io.isobench.runtime.vm.devices.virtio;

import io.isobench.runtime.vm.memory.Bytes;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;

/**
 * One split virtqueue (virtio 1.2, 2.7) on the device side: the driver fills the
 * descriptor table and the available ring, we take chains and return them through the
 * used ring. All three areas live in guest memory and everything read from them is
 * untrusted: indices are range-checked, chains are checked for loops, and a ring whose
 * index makes no sense stops the queue instead of being trusted.
 */
public final class SplitQueue {
    private final int maxSize;
    private int size;
    private long descTable;
    private long availRing;
    private long usedRing;
    private boolean ready;
    /** Next available-ring slot we will read (free-running 16-bit counter, as the spec's). */
    private int nextAvail;
    /** Next used-ring slot we will write. */
    private int nextUsed;
    private boolean broken;

    public SplitQueue(int maxSize) {
        if (Integer.bitCount(maxSize) != 1 || maxSize > 32768) {
            throw new IllegalArgumentException("queue size must be a power of 2 up to 32768: " + maxSize);
        }
        this.maxSize = maxSize;
        this.size = maxSize;
    }

    public int maxSize() {
        return maxSize;
    }

    public int size() {
        return size;
    }

    public boolean ready() {
        return ready && !broken;
    }

    public boolean broken() {
        return broken;
    }

    // The driver programs these through the transport before setting the queue ready.
    public void setSize(int size) {
        this.size = size;
    }

    public void setDescTable(long address) {
        this.descTable = address;
    }

    public void setAvailRing(long address) {
        this.availRing = address;
    }

    public void setUsedRing(long address) {
        this.usedRing = address;
    }

    public long descTable() {
        return descTable;
    }

    public long availRing() {
        return availRing;
    }

    public long usedRing() {
        return usedRing;
    }

    /**
     * Makes the queue live after checking the driver's configuration; returns the reason it
     * cannot, or null. Areas must be aligned (2.7: 16, 2 and 4 bytes) and inside memory.
     */
    public String enable(VirtioMemory memory) {
        if (size <= 0 || size > maxSize || Integer.bitCount(size) != 1) {
            return "queue size " + size + " is not a power of 2 up to " + maxSize;
        }
        if ((descTable & 15) != 0 || (availRing & 1) != 0 || (usedRing & 3) != 0) {
            return "queue areas are misaligned";
        }
        // Each area must be RAM throughout, not just at its ends: a ring across the MMIO hole
        // (or any gap between regions) is refused here, once, rather than failing later.
        if (!memory.contains(descTable, (long) Descriptor.SIZE * size) || !memory.contains(availRing, 6L + 2L * size)
                || !memory.contains(usedRing, 6L + 8L * size)) {
            return "queue area outside guest memory";
        }
        ready = true;
        broken = false;
        return null;
    }

    public void reset() {
        size = maxSize;
        descTable = availRing = usedRing = 0;
        ready = false;
        broken = false;
        nextAvail = nextUsed = 0;
    }

    /**
     * Takes the next chain the driver made available, if any.
     *
     * @throws QueueError a bad chain (its head is in the error, to be returned as used), or
     *                    a corrupt ring, after which the queue is {@link #broken()}
     */
    public Optional<DescriptorChain> pop(VirtioMemory memory) throws QueueError {
        if (!ready()) {
            return Optional.empty();
        }
        int head;
        try {
            int availIdx = memory.readU16(availRing + 2);
            int pending = (availIdx - nextAvail) & 0xffff;
            if (pending == 0) {
                return Optional.empty();
            }
            if (pending > size) {
                broken = true;
                throw new QueueError(QueueError.Reason.AVAIL_INDEX_CORRUPT, -1,
                        "available index " + availIdx + " is " + pending + " ahead, queue size " + size);
            }
            head = memory.readU16(availRing + 4 + 2L * (nextAvail % size));
            nextAvail = (nextAvail + 1) & 0xffff;
        } catch (GuestAccessException e) {
            broken = true;
            throw new QueueError(QueueError.Reason.RING_OUTSIDE_MEMORY, -1, e.getMessage());
        }
        return Optional.of(walk(memory, head));
    }

    private DescriptorChain walk(VirtioMemory memory, int head) throws QueueError {
        List<Descriptor> chain = new ArrayList<>();
        BitSet seen = new BitSet(size);
        byte[] raw = new byte[Descriptor.SIZE];
        int index = head;
        while (true) {
            if (index >= size) {
                throw new QueueError(QueueError.Reason.DESCRIPTOR_INDEX_OUT_OF_RANGE, head,
                        "descriptor " + index + " in a queue of " + size);
            }
            if (seen.get(index)) {
                throw new QueueError(QueueError.Reason.CHAIN_LOOP, head, "descriptor " + index + " twice");
            }
            seen.set(index);
            try {
                memory.read(descTable + (long) Descriptor.SIZE * index, raw, 0, raw.length);
            } catch (GuestAccessException e) {
                broken = true;
                throw new QueueError(QueueError.Reason.RING_OUTSIDE_MEMORY, head, e.getMessage());
            }
            Descriptor d = new Descriptor(Bytes.u64(raw, 0), Bytes.u32(raw, 8),
                    (raw[12] & 0xff) | (raw[13] & 0xff) << 8, (raw[14] & 0xff) | (raw[15] & 0xff) << 8);
            if (d.indirect()) {
                throw new QueueError(QueueError.Reason.INDIRECT_NOT_NEGOTIATED, head, "descriptor " + index);
            }
            chain.add(d);
            if (!d.hasNext()) {
                return new DescriptorChain(head, chain);
            }
            index = d.next();
        }
    }

    /**
     * Whether the driver wants an interrupt for the buffers just returned: its
     * VIRTQ_AVAIL_F_NO_INTERRUPT flag is clear (2.7.7; without VIRTIO_F_EVENT_IDX a hint the
     * device may follow, which Linux's NAPI sets while it polls anyway). Call after
     * {@link #pushUsed}: the fence keeps the used index store before the flags load, so a
     * driver re-enabling interrupts either sees our new index (it has the matching barrier)
     * or we see its cleared flag. A broken queue or an unreadable ring: true.
     */
    public boolean interruptWanted(VirtioMemory memory) {
        if (!ready()) {
            return true;
        }
        VarHandle.fullFence();
        try {
            return (memory.readU16(availRing) & 1) == 0;
        } catch (GuestAccessException e) {
            return true;
        }
    }

    /**
     * Returns a chain to the driver with the number of bytes the device wrote into it.
     * The entry is written before the index so the driver never sees a half-filled slot
     * (x86 keeps stores in order; the JNA writes are plain stores).
     */
    public void pushUsed(VirtioMemory memory, int head, long writtenBytes) throws QueueError {
        try {
            long slot = usedRing + 4 + 8L * (nextUsed % size);
            memory.writeU32(slot, head & 0xffffffffL);
            memory.writeU32(slot + 4, writtenBytes);
            nextUsed = (nextUsed + 1) & 0xffff;
            memory.writeU16(usedRing + 2, nextUsed);
        } catch (GuestAccessException e) {
            broken = true;
            throw new QueueError(QueueError.Reason.RING_OUTSIDE_MEMORY, head, e.getMessage());
        }
    }
}
