package io.isobench.runtime.vm.devices.virtio;

/**
 * Ways a guest can break a virtqueue. A broken chain fails that request only; a broken
 * ring (indices that make no sense) stops the queue and the device asks for a reset.
 */
public final class QueueError extends Exception {
    public enum Reason {
        /** A descriptor index at or past the queue size. */
        DESCRIPTOR_INDEX_OUT_OF_RANGE,
        /** The NEXT links revisit a descriptor (the chain would never end). */
        CHAIN_LOOP,
        /** VIRTQ_DESC_F_INDIRECT although VIRTIO_F_INDIRECT_DESC was not offered. */
        INDIRECT_NOT_NEGOTIATED,
        /** The available index moved by more than the queue size: the ring is corrupt. */
        AVAIL_INDEX_CORRUPT,
        /** A ring or descriptor table address outside guest memory. */
        RING_OUTSIDE_MEMORY
    }

    private final Reason reason;
    private final int head;

    /**
     * @param head the chain head already taken from the available ring (it must still be
     *             returned through the used ring so the driver is not left waiting), or -1
     */
    public QueueError(Reason reason, int head, String detail) {
        super(reason + ": " + detail);
        this.reason = reason;
        this.head = head;
    }

    public int head() {
        return head;
    }

    public Reason reason() {
        return reason;
    }

    /** Whether the whole queue is unusable (as opposed to one request). */
    public boolean fatalForQueue() {
        return reason == Reason.AVAIL_INDEX_CORRUPT || reason == Reason.RING_OUTSIDE_MEMORY;
    }
}
