package io.isobench.runtime.vm.devices.virtio;

import io.isobench.runtime.vm.memory.Bytes;
import java.util.ArrayList;
import java.util.List;

/**
 * The guest driver's side of one split queue, for tests: lays out the rings in an
 * {@link ArrayMemory}, programs them through the MMIO registers as Linux's virtio_mmio
 * does, and submits chains.
 */
public final class TestDriver {
    public static final long DESC = 0x1000, AVAIL = 0x2000, USED = 0x3000, DATA = 0x10000;
    public final ArrayMemory memory;
    public final MmioTransport transport;
    public final int size;
    /** This queue's index and where its three areas are (the single-queue constructor uses the constants above). */
    public final int queueIndex;
    public final long desc, avail, used;
    private int nextDesc;
    private int availIdx;
    private int lastUsed;

    public TestDriver(ArrayMemory memory, MmioTransport transport, int size) {
        this(memory, transport, size, 0, DESC, AVAIL, USED);
    }

    /** The driver side of queue {@code queueIndex} of a multi-queue device, its areas at the given addresses. */
    public TestDriver(ArrayMemory memory, MmioTransport transport, int size, int queueIndex, long desc, long avail,
                      long used) {
        this.memory = memory;
        this.transport = transport;
        this.size = size;
        this.queueIndex = queueIndex;
        this.desc = desc;
        this.avail = avail;
        this.used = used;
    }

    /** The 3.1.1 initialisation sequence, accepting every offered feature. */
    public void initialize() {
        initialize(List.of(this));
    }

    /** The 3.1.1 initialisation sequence for a device with several queues (all on one transport). */
    public static void initialize(List<TestDriver> queues) {
        initialize(queues, -1L);
    }

    /** The same, accepting only the offered features that are also in {@code accept}. */
    public static void initialize(List<TestDriver> queues, long accept) {
        MmioTransport transport = queues.get(0).transport;
        transport.write(MmioTransport.STATUS, 4, 0);
        transport.write(MmioTransport.STATUS, 4, MmioTransport.ACKNOWLEDGE);
        transport.write(MmioTransport.STATUS, 4, MmioTransport.ACKNOWLEDGE | MmioTransport.DRIVER);
        for (int sel = 0; sel < 2; sel++) {
            transport.write(MmioTransport.DEVICE_FEATURES_SEL, 4, sel);
            long f = transport.read(MmioTransport.DEVICE_FEATURES, 4);
            transport.write(MmioTransport.DRIVER_FEATURES_SEL, 4, sel);
            transport.write(MmioTransport.DRIVER_FEATURES, 4, f & (accept >>> (32 * sel)));
        }
        int s = MmioTransport.ACKNOWLEDGE | MmioTransport.DRIVER | MmioTransport.FEATURES_OK;
        transport.write(MmioTransport.STATUS, 4, s);
        for (TestDriver q : queues) {
            transport.write(MmioTransport.QUEUE_SEL, 4, q.queueIndex);
            transport.write(MmioTransport.QUEUE_NUM, 4, q.size);
            transport.write(MmioTransport.QUEUE_DESC_LOW, 4, q.desc);
            transport.write(MmioTransport.QUEUE_DRIVER_LOW, 4, q.avail);
            transport.write(MmioTransport.QUEUE_DEVICE_LOW, 4, q.used);
            transport.write(MmioTransport.QUEUE_READY, 4, 1);
        }
        transport.write(MmioTransport.STATUS, 4, s | MmioTransport.DRIVER_OK);
    }

    /** A buffer for a chain: guest address, length, device-writable or not. */
    public record Buffer(long address, long length, boolean writable) {
    }

    /** Writes the chain into the descriptor table, makes it available, notifies; returns the head. */
    public int submit(List<Buffer> buffers) {
        int head = nextDesc;
        for (int i = 0; i < buffers.size(); i++) {
            Buffer b = buffers.get(i);
            int index = (head + i) % size;
            boolean more = i < buffers.size() - 1;
            writeDescriptor(index, b.address(), b.length(),
                    (more ? Descriptor.F_NEXT : 0) | (b.writable() ? Descriptor.F_WRITE : 0),
                    (index + 1) % size);
        }
        nextDesc = (head + buffers.size()) % size;
        makeAvailable(head);
        return head;
    }

    public void writeDescriptor(int index, long address, long length, int flags, int next) {
        byte[] d = new byte[16];
        Bytes.putU64(d, 0, address);
        Bytes.putU32(d, 8, length);
        d[12] = (byte) flags;
        d[13] = (byte) (flags >>> 8);
        d[14] = (byte) next;
        d[15] = (byte) (next >>> 8);
        memory.write(desc + 16L * index, d, 0, 16);
    }

    public void makeAvailable(int head) {
        memory.writeU16(avail + 4 + 2L * (availIdx % size), head);
        availIdx = (availIdx + 1) & 0xffff;
        memory.writeU16(avail + 2, availIdx);
        transport.write(MmioTransport.QUEUE_NOTIFY, 4, queueIndex);
    }

    /** Sets the available index directly, as a hostile driver could. */
    public void setAvailIndex(int index) {
        availIdx = index & 0xffff;
        memory.writeU16(avail + 2, availIdx);
        transport.write(MmioTransport.QUEUE_NOTIFY, 4, queueIndex);
    }

    /** Used elements {id, len} added since the last call. */
    public List<long[]> takeUsed() {
        List<long[]> out = new ArrayList<>();
        int usedIdx = memory.readU16(used + 2);
        while (lastUsed != usedIdx) {
            long slot = used + 4 + 8L * (lastUsed % size);
            out.add(new long[] {memory.readU32(slot), memory.readU32(slot + 4)});
            lastUsed = (lastUsed + 1) & 0xffff;
        }
        return out;
    }
}
