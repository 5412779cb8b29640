package io.isobench.runtime.vm.devices.virtio;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * The virtio-mmio transport, version 2 ("modern", virtio 1.2, 4.2.2): the register file
 * the driver sees in a 4 KiB MMIO window, feature negotiation, queue setup and the
 * interrupt status. Registers are 32-bit and must be accessed as such; the device config
 * space from offset 0x100 may be accessed at any width. Anything else is ignored and
 * counted, never trusted.
 */
public final class MmioTransport {
    public static final int WINDOW_SIZE = 0x1000;
    static final int MAGIC = 0x74726976; // "virt"
    static final int VENDOR = 0x424F5349; // "ISOB"
    static final long VIRTIO_F_VERSION_1 = 1L << 32;

    // Register offsets (virtio 1.2, table 4.1).
    static final int MAGIC_VALUE = 0x000, VERSION = 0x004, DEVICE_ID = 0x008, VENDOR_ID = 0x00c,
            DEVICE_FEATURES = 0x010, DEVICE_FEATURES_SEL = 0x014, DRIVER_FEATURES = 0x020,
            DRIVER_FEATURES_SEL = 0x024, QUEUE_SEL = 0x030, QUEUE_NUM_MAX = 0x034, QUEUE_NUM = 0x038,
            QUEUE_READY = 0x044, QUEUE_NOTIFY = 0x050, INTERRUPT_STATUS = 0x060,
            INTERRUPT_ACK = 0x064, STATUS = 0x070, QUEUE_DESC_LOW = 0x080, QUEUE_DESC_HIGH = 0x084,
            QUEUE_DRIVER_LOW = 0x090, QUEUE_DRIVER_HIGH = 0x094, QUEUE_DEVICE_LOW = 0x0a0,
            QUEUE_DEVICE_HIGH = 0x0a4, CONFIG_GENERATION = 0x0fc, CONFIG = 0x100;

    // Device status bits (virtio 1.2, 2.1).
    static final int ACKNOWLEDGE = 1, DRIVER = 2, DRIVER_OK = 4, FEATURES_OK = 8,
            DEVICE_NEEDS_RESET = 0x40, FAILED = 0x80;
    static final int INT_USED_BUFFER = 1, INT_CONFIG_CHANGE = 2;

    private final VirtioDevice device;
    private final VirtioMemory memory;
    private final InterruptLine interrupt;
    private final List<SplitQueue> queues = new ArrayList<>();
    private final AtomicInteger interruptStatus = new AtomicInteger();
    private IntConsumer notifier;
    private int status;
    private int deviceFeaturesSel;
    private int driverFeaturesSel;
    private long ackedFeatures;
    private int queueSel;
    private long ignoredAccesses;

    public MmioTransport(VirtioDevice device, VirtioMemory memory, InterruptLine interrupt) {
        this.device = device;
        this.memory = memory;
        this.interrupt = interrupt;
        for (int i = 0; i < device.queueCount(); i++) {
            queues.add(new SplitQueue(device.queueMaxSize()));
        }
        this.notifier = device::processQueue;
    }

    /**
     * Where queue notifications go; by default the device processes them on the calling
     * (vCPU) thread. The VMM routes them to a device thread, or registers an ioeventfd on
     * {@link #QUEUE_NOTIFY} so the vCPU does not even exit.
     */
    public void setNotifier(IntConsumer notifier) {
        this.notifier = notifier;
    }

    public VirtioDevice device() {
        return device;
    }

    public static int queueNotifyOffset() {
        return QUEUE_NOTIFY;
    }

    public synchronized long ignoredAccesses() {
        return ignoredAccesses;
    }

    public synchronized int status() {
        return status;
    }

    /** A guest read of {@code size} bytes at {@code offset} in the window. */
    public synchronized long read(long offset, int size) {
        if (offset >= CONFIG && offset < WINDOW_SIZE) {
            return readConfig((int) (offset - CONFIG), size);
        }
        if (size != 4 || (offset & 3) != 0 || offset < 0 || offset >= WINDOW_SIZE) {
            ignoredAccesses++;
            return 0;
        }
        SplitQueue q = selectedQueue();
        return switch ((int) offset) {
            case MAGIC_VALUE -> MAGIC;
            case VERSION -> 2;
            case DEVICE_ID -> device.deviceType();
            case VENDOR_ID -> VENDOR;
            // The selector is an unsigned 32-bit register: 0xFFFFFFFF is no word of ours.
            case DEVICE_FEATURES -> Integer.compareUnsigned(deviceFeaturesSel, 1) > 0 ? 0
                    : (offeredFeatures() >>> (32 * deviceFeaturesSel)) & 0xffffffffL;
            case QUEUE_NUM_MAX -> q == null ? 0 : q.maxSize();
            case QUEUE_READY -> q != null && q.ready() ? 1 : 0;
            case INTERRUPT_STATUS -> interruptStatus.get();
            case STATUS -> status;
            case CONFIG_GENERATION -> 0; // our config space never changes after boot
            default -> 0;
        };
    }

    private long readConfig(int offset, int size) {
        byte[] config = device.configSpace();
        if (size < 1 || size > 8 || offset + size > config.length) {
            ignoredAccesses++;
            return 0;
        }
        long value = 0;
        for (int i = 0; i < size; i++) {
            value |= (config[offset + i] & 0xffL) << (8 * i);
        }
        return value;
    }

    /** A guest write of {@code size} bytes at {@code offset} in the window. */
    public void write(long offset, int size, long value) {
        int notify = -1;
        synchronized (this) {
            if (size != 4 || (offset & 3) != 0 || offset < 0 || offset >= CONFIG) {
                // Writes to config space are not supported by our devices (block's is read-only).
                ignoredAccesses++;
                return;
            }
            int v = (int) value;
            SplitQueue q = selectedQueue();
            switch ((int) offset) {
                case DEVICE_FEATURES_SEL -> deviceFeaturesSel = v;
                case DRIVER_FEATURES_SEL -> driverFeaturesSel = v;
                case DRIVER_FEATURES -> acceptDriverFeatures(v);
                case QUEUE_SEL -> queueSel = v;
                case QUEUE_NUM -> { if (configurable(q)) q.setSize(v); }
                case QUEUE_DESC_LOW -> { if (configurable(q)) q.setDescTable(low(q.descTable(), v)); }
                case QUEUE_DESC_HIGH -> { if (configurable(q)) q.setDescTable(high(q.descTable(), v)); }
                case QUEUE_DRIVER_LOW -> { if (configurable(q)) q.setAvailRing(low(q.availRing(), v)); }
                case QUEUE_DRIVER_HIGH -> { if (configurable(q)) q.setAvailRing(high(q.availRing(), v)); }
                case QUEUE_DEVICE_LOW -> { if (configurable(q)) q.setUsedRing(low(q.usedRing(), v)); }
                case QUEUE_DEVICE_HIGH -> { if (configurable(q)) q.setUsedRing(high(q.usedRing(), v)); }
                case QUEUE_READY -> setQueueReady(q, v);
                case QUEUE_NOTIFY -> notify = v;
                case INTERRUPT_ACK -> interruptStatus.getAndUpdate(s -> s & ~v);
                case STATUS -> setStatus(v & 0xff);
                default -> ignoredAccesses++;
            }
        }
        // Outside the lock: the device may take time, and signals back through usedBuffers().
        if (notify >= 0) {
            notifyQueue(notify);
        }
    }

    /** A queue notification, from a QUEUE_NOTIFY write or the ioeventfd standing for it. */
    public void notifyQueue(int index) {
        synchronized (this) {
            if ((status & DRIVER_OK) == 0 || index < 0 || index >= queues.size()) {
                ignoredAccesses++;
                return;
            }
        }
        notifier.accept(index);
    }

    private long offeredFeatures() {
        return device.features() | VIRTIO_F_VERSION_1;
    }

    private void acceptDriverFeatures(int v) {
        if ((status & FEATURES_OK) != 0 || Integer.compareUnsigned(driverFeaturesSel, 1) > 0) {
            ignoredAccesses++;
            return;
        }
        int shift = 32 * driverFeaturesSel;
        ackedFeatures = (ackedFeatures & ~(0xffffffffL << shift)) | ((v & 0xffffffffL) << shift);
    }

    private SplitQueue selectedQueue() {
        return queueSel >= 0 && queueSel < queues.size() ? queues.get(queueSel) : null;
    }

    /** Queue registers may only change while the queue is not live (4.2.2.3.2). */
    private boolean configurable(SplitQueue q) {
        if (q == null || q.ready()) {
            ignoredAccesses++;
            return false;
        }
        return true;
    }

    private static long low(long old, int v) {
        return (old & 0xffffffff00000000L) | (v & 0xffffffffL);
    }

    private static long high(long old, int v) {
        return (old & 0xffffffffL) | ((long) v << 32);
    }

    private void setQueueReady(SplitQueue q, int v) {
        if (q == null) {
            ignoredAccesses++;
        } else if (v == 0) {
            q.reset();
        } else if (!q.ready() && q.enable(memory) != null) {
            // A queue the driver configured badly is refused; the driver reads back 0.
            ignoredAccesses++;
        }
    }

    private void setStatus(int v) {
        if (v == 0) {
            reset();
            return;
        }
        if ((v & status) != status) {
            // A driver never clears a status bit (2.1.2), it resets; otherwise it could take
            // back FEATURES_OK, renegotiate and activate the device a second time.
            ignoredAccesses++;
            return;
        }
        if ((v & FEATURES_OK) != 0 && (status & FEATURES_OK) == 0) {
            boolean subset = (ackedFeatures & ~offeredFeatures()) == 0;
            boolean modern = (ackedFeatures & VIRTIO_F_VERSION_1) != 0;
            if (!subset || !modern) {
                v &= ~FEATURES_OK; // the driver sees FEATURES_OK did not stick (3.1.1 step 6)
            }
        }
        if ((v & DRIVER_OK) != 0 && (status & DRIVER_OK) == 0) {
            if ((v & FEATURES_OK) == 0) {
                v = (v & ~DRIVER_OK) | FAILED;
            } else {
                device.activate(memory, List.copyOf(queues), ackedFeatures, this::usedBuffers);
            }
        }
        status = v;
    }

    private void reset() {
        device.reset();
        queues.forEach(SplitQueue::reset);
        status = 0;
        ackedFeatures = 0;
        deviceFeaturesSel = driverFeaturesSel = queueSel = 0;
        interruptStatus.set(0);
    }

    private void usedBuffers() {
        boolean needsReset = queues.stream().anyMatch(SplitQueue::broken);
        if (needsReset) {
            synchronized (this) {
                status |= DEVICE_NEEDS_RESET;
            }
        }
        int bits = INT_USED_BUFFER | (needsReset ? INT_CONFIG_CHANGE : 0);
        interruptStatus.getAndUpdate(s -> s | bits);
        interrupt.trigger();
    }
}
