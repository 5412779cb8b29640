package io.isobench.runtime.vm.devices.virtio.block;

import io.isobench.runtime.vm.memory.Bytes;
import io.isobench.runtime.vm.devices.virtio.Descriptor;
import io.isobench.runtime.vm.devices.virtio.DescriptorChain;
import io.isobench.runtime.vm.devices.virtio.GuestAccessException;
import io.isobench.runtime.vm.devices.virtio.QueueError;
import io.isobench.runtime.vm.devices.virtio.SplitQueue;
import io.isobench.runtime.vm.devices.virtio.VirtioDevice;
import io.isobench.runtime.vm.devices.virtio.VirtioMemory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * virtio-blk (virtio 1.2, 5.2) over a {@link BlockBackend}: read, write, flush and get-id
 * on one request queue. A bad request gets an error status and is counted; a broken ring
 * stops the queue (the transport then asks the driver for a reset). Nothing the guest
 * writes can make this class throw or touch memory outside the guest.
 */
public final class BlockDevice implements VirtioDevice {
    static final int TYPE_BLOCK = 2;
    static final long F_RO = 1L << 5;
    static final long F_FLUSH = 1L << 9;
    static final int QUEUE_SIZE = 256;
    static final byte S_OK = 0, S_IOERR = 1, S_UNSUPP = 2;

    private final BlockBackend backend;
    private final String id;
    private final BlockCounters counters = new BlockCounters();
    private VirtioMemory memory;
    private List<SplitQueue> queues = List.of();
    private UsedBufferSignal signal;

    /** @param id the serial number the guest reads with GET_ID (at most 20 bytes). */
    public BlockDevice(BlockBackend backend, String id) {
        this.backend = backend;
        this.id = id;
    }

    public BlockCounters counters() {
        return counters;
    }

    @Override
    public int deviceType() {
        return TYPE_BLOCK;
    }

    @Override
    public long features() {
        return F_FLUSH | (backend.readOnly() ? F_RO : 0);
    }

    @Override
    public int queueCount() {
        return 1;
    }

    @Override
    public int queueMaxSize() {
        return QUEUE_SIZE;
    }

    @Override
    public byte[] configSpace() {
        // struct virtio_blk_config up to blk_size; only capacity is meaningful without
        // the optional features (the rest reads as zero).
        byte[] config = new byte[24];
        Bytes.putU64(config, 0, backend.capacitySectors());
        return config;
    }

    @Override
    public synchronized void activate(VirtioMemory memory, List<SplitQueue> queues, long acked,
                                      UsedBufferSignal signal) {
        this.memory = memory;
        this.queues = queues;
        this.signal = signal;
    }

    @Override
    public synchronized void reset() {
        memory = null;
        queues = List.of();
        signal = null;
    }

    @Override
    public synchronized void processQueue(int index) {
        if (memory == null || index != 0) {
            return;
        }
        SplitQueue queue = queues.get(0);
        boolean used = false;
        while (true) {
            Optional<DescriptorChain> next;
            try {
                next = queue.pop(memory);
            } catch (QueueError e) {
                counters.error(RequestError.BAD_CHAIN);
                if (e.fatalForQueue()) {
                    used = true; // let the transport raise DEVICE_NEEDS_RESET
                    break;
                }
                used |= complete(queue, e.head(), 0);
                continue;
            }
            if (next.isEmpty()) {
                break;
            }
            used |= handle(queue, next.get());
        }
        if (used && signal != null) {
            signal.usedBuffers();
        }
    }

    private boolean handle(SplitQueue queue, DescriptorChain chain) {
        BlockRequest request;
        try {
            request = BlockRequest.parse(chain, memory, backend.capacitySectors(), backend.readOnly());
        } catch (BlockRequest.Invalid e) {
            counters.error(e.error());
            byte status = e.error() == RequestError.UNSUPPORTED_TYPE ? S_UNSUPP : S_IOERR;
            return finish(queue, chain.head(), e.statusAddress(), status, 0);
        }
        long written = 0;
        byte status = S_OK;
        try {
            written = execute(request);
        } catch (GuestAccessException | ArithmeticException e) {
            // ArithmeticException: a buffer address + offset that overflows 64 bits.
            counters.error(RequestError.GUEST_MEMORY);
            status = S_IOERR;
        } catch (IOException e) {
            counters.error(RequestError.HOST_IO);
            status = S_IOERR;
        }
        return finish(queue, chain.head(), request.statusAddress(), status, written);
    }

    /** Runs a valid request; returns how many data bytes were written into guest memory. */
    private long execute(BlockRequest r) throws IOException {
        long offset = r.sector() * BlockRequest.SECTOR; // checked against capacity by parse()
        switch (r.type()) {
            case IN -> {
                GuestCursor cursor = new GuestCursor(memory, r.data());
                backend.read(offset, r.dataLength(), cursor::write);
                counters.read(r.dataLength());
                return r.dataLength();
            }
            case OUT -> {
                GuestCursor cursor = new GuestCursor(memory, r.data());
                backend.write(offset, r.dataLength(), cursor::read);
                counters.write(r.dataLength());
                return 0;
            }
            case FLUSH -> {
                backend.flush();
                counters.flush();
                return 0;
            }
            case GET_ID -> {
                byte[] idBytes = new byte[BlockRequest.ID_LENGTH];
                byte[] src = id.getBytes(StandardCharsets.US_ASCII);
                System.arraycopy(src, 0, idBytes, 0, Math.min(src.length, idBytes.length));
                long room = Math.min(r.dataLength(), idBytes.length);
                new GuestCursor(memory, r.data()).write(java.util.Arrays.copyOf(idBytes, (int) room));
                return room;
            }
            default -> throw new IllegalStateException(r.type().toString());
        }
    }

    /** Writes the status byte (when there is one) and returns the chain to the driver. */
    private boolean finish(SplitQueue queue, int head, long statusAddress, byte status, long written) {
        long total = written;
        if (statusAddress >= 0) {
            try {
                memory.write(statusAddress, new byte[] {status}, 0, 1);
                total += 1;
            } catch (GuestAccessException e) {
                counters.error(RequestError.GUEST_MEMORY);
            }
        }
        return complete(queue, head, total);
    }

    private boolean complete(SplitQueue queue, int head, long written) {
        try {
            queue.pushUsed(memory, head, written);
            return true;
        } catch (QueueError e) {
            counters.error(RequestError.BAD_CHAIN);
            return true;
        }
    }

    /** Walks a request's data descriptors in order, copying bytes in or out. */
    private static final class GuestCursor {
        private final VirtioMemory memory;
        private final List<Descriptor> segments;
        private int segment;
        private long within;

        GuestCursor(VirtioMemory memory, List<Descriptor> segments) {
            this.memory = memory;
            this.segments = segments;
        }

        void write(byte[] bytes) {
            int done = 0;
            while (done < bytes.length) {
                Descriptor d = current();
                int n = (int) Math.min(bytes.length - done, d.length() - within);
                memory.write(Math.addExact(d.address(), within), bytes, done, n);
                advance(n);
                done += n;
            }
        }

        byte[] read(int length) {
            byte[] bytes = new byte[length];
            int done = 0;
            while (done < length) {
                Descriptor d = current();
                int n = (int) Math.min(length - done, d.length() - within);
                memory.read(Math.addExact(d.address(), within), bytes, done, n);
                advance(n);
                done += n;
            }
            return bytes;
        }

        private Descriptor current() {
            while (segments.get(segment).length() == within) {
                segment++;
                within = 0;
            }
            return segments.get(segment);
        }

        private void advance(int n) {
            within += n;
        }
    }
}
