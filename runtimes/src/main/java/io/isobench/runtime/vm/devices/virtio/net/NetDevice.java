package io.isobench.runtime.vm.devices.virtio.net;

import io.isobench.runtime.vm.devices.virtio.DescriptorChain;
import io.isobench.runtime.vm.devices.virtio.QueueError;
import io.isobench.runtime.vm.devices.virtio.SplitQueue;
import io.isobench.runtime.vm.devices.virtio.VirtioDevice;
import io.isobench.runtime.vm.devices.virtio.VirtioMemory;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * virtio-net (virtio 1.2, 5.1) over a {@link NetBackend}: one receive and one transmit
 * queue, a MAC address in the config space.
 *
 * <p>Features offered: VIRTIO_NET_F_MAC (and VIRTIO_F_VERSION_1, added by the transport);
 * with an offload-capable backend (a tap with IFF_VNET_HDR) also the checksum and TCP
 * segmentation offloads both ways, as Firecracker offers them: CSUM, GUEST_CSUM, HOST_TSO4/6,
 * GUEST_TSO4/6. Their header fields pass between guest and tap after {@link NetHeader}'s
 * checks; the tap is told with TUNSETOFFLOAD what the driver accepted, so it hands over only
 * frames the guest can take. Not offered: MRG_RXBUF (Linux then posts 64 KiB "big" receive
 * chains when it takes TSO), ECN, UFO, the control queue, STATUS, MTU. Without offloads every
 * frame is a complete Ethernet frame of at most MTU + header with its checksums filled in.
 *
 * <p>Threads: transmit runs on the caller of {@link #processQueue} (the slot's device thread,
 * woken by the ioeventfd); receive has its own thread ({@link #start}), which waits for a
 * frame from the backend, then for a receive buffer from the driver, and holds at most one
 * frame meanwhile (the tap queues the rest, and drops when that queue is full, as a NIC
 * whose ring is empty would). One lock guards the queues and the activation state; the
 * interrupt is raised outside it. Nothing the guest writes can make this class throw or
 * touch memory outside the guest: a bad chain or frame drops that packet and is counted
 * ({@link DropReason}); a corrupt ring stops the queue and asks for a reset.
 */
public final class NetDevice implements VirtioDevice, AutoCloseable {
    static final int TYPE_NET = 1;
    static final long F_CSUM = 1L;
    static final long F_GUEST_CSUM = 1L << 1;
    static final long F_MAC = 1L << 5;
    static final long F_GUEST_TSO4 = 1L << 7;
    static final long F_GUEST_TSO6 = 1L << 8;
    static final long F_HOST_TSO4 = 1L << 11;
    static final long F_HOST_TSO6 = 1L << 12;
    /** The offloads offered with a backend that carries virtio headers. */
    static final long OFFLOADS = F_CSUM | F_GUEST_CSUM | F_GUEST_TSO4 | F_GUEST_TSO6 | F_HOST_TSO4 | F_HOST_TSO6;
    static final int QUEUE_SIZE = 256;
    static final int RX = 0;
    static final int TX = 1;
    /**
     * The largest frame either way: an MTU of 65535 (virtio_net's ceiling without
     * VIRTIO_NET_F_MTU), an Ethernet header and a VLAN tag. The guest uses 1500 unless told
     * otherwise; the bound keeps a guest from making us allocate freely.
     */
    public static final int MAX_FRAME = 65535 + Packets.ETHERNET_HEADER + 4;
    /** How often the receive thread looks at its stop flag while idle. */
    static final int POLL_MILLIS = 100;

    private final NetBackend backend;
    private final byte[] mac;
    private final NetCounters counters = new NetCounters();
    private final Thread receiver;
    /** Bytes of virtio header in front of each frame the backend sends or receives: 12 or 0. */
    private final int headerRoom;
    private final byte[] rxFrame = new byte[MAX_FRAME + NetHeader.SIZE];
    private final byte[] txFrame = new byte[MAX_FRAME + NetHeader.SIZE];
    private VirtioMemory memory;
    private long acked;
    /**
     * The features of the last activation, kept across a reset: the guest may reset the device
     * while it shuts down, and the trial must still say which data path it measured.
     */
    private long activated;
    private List<SplitQueue> queues = List.of();
    private UsedBufferSignal signal;
    private volatile boolean closed;

    /** @param mac the guest's MAC address (6 bytes, unicast), as the driver reads it from the config space */
    public NetDevice(NetBackend backend, byte[] mac) {
        if (mac.length != 6 || (mac[0] & 1) != 0) {
            throw new IllegalArgumentException("a MAC address is 6 bytes, unicast");
        }
        this.backend = backend;
        this.mac = mac.clone();
        this.headerRoom = backend.offloadCapable() ? NetHeader.SIZE : 0;
        this.receiver = new Thread(this::receiveLoop, "virtio-net-rx");
        this.receiver.setDaemon(true);
    }

    /**
     * A locally administered unicast MAC for an instance address: 02:49 ("I") then the four
     * bytes of the IPv4 address, so each link of a run has its own and it reads back easily.
     */
    public static byte[] macFor(String ipv4) {
        String[] parts = ipv4.split("\\.");
        if (parts.length != 4) {
            throw new IllegalArgumentException("not an IPv4 address: " + ipv4);
        }
        byte[] m = {0x02, 0x49, 0, 0, 0, 0};
        for (int i = 0; i < 4; i++) {
            m[2 + i] = (byte) Integer.parseInt(parts[i]);
        }
        return m;
    }

    /** Starts the receive thread; call once the device is attached. */
    public void start() {
        receiver.start();
    }

    public NetCounters counters() {
        return counters;
    }

    @Override
    public int deviceType() {
        return TYPE_NET;
    }

    @Override
    public long features() {
        return F_MAC | (headerRoom > 0 ? OFFLOADS : 0);
    }

    /** Each offload's feature bit and the name a trial records it under. */
    private static final java.util.Map<Long, String> OFFLOAD_NAMES = new java.util.LinkedHashMap<>(java.util.Map.of(
            F_CSUM, "csum", F_GUEST_CSUM, "guest-csum", F_HOST_TSO4, "tso4", F_HOST_TSO6, "tso6",
            F_GUEST_TSO4, "guest-tso4", F_GUEST_TSO6, "guest-tso6"));

    /** The offloads the driver accepted when it last activated the device, e.g. {@code csum,guest-csum,tso4}, or {@code none}. */
    public synchronized String offloadsInEffect() {
        List<String> on = OFFLOAD_NAMES.entrySet().stream().filter(e -> (activated & e.getKey()) != 0)
                .map(java.util.Map.Entry::getValue).sorted().toList();
        return on.isEmpty() ? "none" : String.join(",", on);
    }

    @Override
    public int queueCount() {
        return 2;
    }

    @Override
    public int queueMaxSize() {
        return QUEUE_SIZE;
    }

    @Override
    public byte[] configSpace() {
        // struct virtio_net_config: mac[6], status, max_virtqueue_pairs, mtu (le16 each). Only
        // mac is meaningful with the features we offer; the rest reads as zero.
        byte[] config = new byte[12];
        System.arraycopy(mac, 0, config, 0, 6);
        return config;
    }

    @Override
    public synchronized void activate(VirtioMemory memory, List<SplitQueue> queues, long acked,
                                      UsedBufferSignal signal) {
        this.memory = memory;
        this.queues = queues;
        this.signal = signal;
        this.acked = acked;
        this.activated = acked;
        tellBackend(acked);
        notifyAll();
    }

    @Override
    public synchronized void reset() {
        memory = null;
        queues = List.of();
        signal = null;
        acked = 0;
        tellBackend(0);
    }

    /** The backend hands over only what the driver accepted (TUNSETOFFLOAD for a tap). */
    private void tellBackend(long features) {
        if (headerRoom == 0) {
            return;
        }
        try {
            backend.acceptOffloads((features & F_GUEST_CSUM) != 0, (features & F_GUEST_TSO4) != 0,
                    (features & F_GUEST_TSO6) != 0);
        } catch (IOException e) {
            counters.drop(DropReason.HOST_IO); // frames then keep needing no offload: safe, only slower
        }
    }

    @Override
    public void processQueue(int index) {
        UsedBufferSignal toSignal = null;
        synchronized (this) {
            if (memory == null) {
                return;
            }
            if (index == RX) {
                notifyAll(); // new receive buffers: wake the receive thread if it waits for one
            } else if (index == TX && transmit() && wanted(queues.get(TX))) {
                toSignal = signal;
            }
        }
        if (toSignal != null) {
            toSignal.usedBuffers();
        }
    }

    /** Sends every frame the driver made available; true when a chain went back to the driver. */
    private boolean transmit() {
        SplitQueue queue = queues.get(TX);
        boolean used = false;
        while (true) {
            Optional<DescriptorChain> next;
            try {
                next = queue.pop(memory);
            } catch (QueueError e) {
                counters.drop(DropReason.BAD_CHAIN);
                used = true;
                if (e.fatalForQueue()) {
                    break; // the transport sees the broken queue and asks for a reset
                }
                complete(queue, e.head(), 0);
                continue;
            }
            if (next.isEmpty()) {
                break;
            }
            DescriptorChain chain = next.get();
            try {
                int length = Packets.gather(chain, memory, txFrame, headerRoom, acked);
                backend.send(txFrame, headerRoom + length);
                counters.sent(length);
            } catch (Dropped d) {
                counters.drop(d.reason());
            } catch (IOException e) {
                counters.drop(DropReason.HOST_IO);
            }
            complete(queue, chain.head(), 0); // the device writes nothing into a transmit chain
            used = true;
        }
        return used;
    }

    private void receiveLoop() {
        int pending = 0;
        while (!closed) {
            pending = receiveStep(pending, POLL_MILLIS);
        }
        if (pending > 0) {
            counters.drop(DropReason.RX_DEVICE_GONE);
        }
    }

    /**
     * One step of the receive thread: with no frame pending, wait up to {@code waitMillis} for
     * one from the backend; with one, put it into the driver's next receive buffer, or wait up
     * to {@code waitMillis} for the driver to add one (0: do not wait).
     *
     * @return the length of the frame still pending, 0 when none
     */
    int receiveStep(int pending, int waitMillis) {
        if (pending == 0) {
            try {
                return backend.receive(rxFrame, waitMillis);
            } catch (IOException e) {
                counters.drop(DropReason.HOST_IO);
                pause(waitMillis); // a failing backend must not make this thread spin
                return 0;
            }
        }
        UsedBufferSignal toSignal;
        synchronized (this) {
            Delivery d = deliver(pending);
            if (d == Delivery.NO_BUFFER) {
                if (waitMillis > 0 && !closed) {
                    try {
                        wait(waitMillis);
                    } catch (InterruptedException e) {
                        closed = true;
                    }
                }
                return pending;
            }
            toSignal = d == Delivery.QUEUE_BROKEN || wanted(queues.get(RX)) ? signal : null;
            if (d != Delivery.QUEUE_BROKEN) {
                pending = 0;
            }
        }
        if (toSignal != null) {
            toSignal.usedBuffers();
        }
        return pending;
    }

    /** Whether to interrupt the driver for buffers just returned on {@code queue}; counted either way. */
    private boolean wanted(SplitQueue queue) {
        boolean wanted = queue.interruptWanted(memory);
        counters.interrupt(wanted);
        return wanted;
    }

    private enum Delivery { DELIVERED, DROPPED, NO_BUFFER, QUEUE_BROKEN }

    /** Puts the pending frame into the next receive chain; under the lock. */
    private Delivery deliver(int length) {
        if (memory == null) {
            return Delivery.NO_BUFFER;
        }
        SplitQueue queue = queues.get(RX);
        if (queue.broken()) {
            return Delivery.NO_BUFFER; // already reported; the driver must reset the device
        }
        Optional<DescriptorChain> next;
        try {
            next = queue.pop(memory);
        } catch (QueueError e) {
            counters.drop(DropReason.BAD_CHAIN);
            if (e.fatalForQueue()) {
                return Delivery.QUEUE_BROKEN; // signalled once, so the transport raises DEVICE_NEEDS_RESET
            }
            complete(queue, e.head(), 0);
            return Delivery.DROPPED;
        }
        if (next.isEmpty()) {
            return Delivery.NO_BUFFER;
        }
        DescriptorChain chain = next.get();
        try {
            if (length < headerRoom) {
                throw new Dropped(DropReason.HOST_IO, "a " + length + "-byte read from the backend");
            }
            byte[] fromHost = headerRoom > 0 ? java.util.Arrays.copyOf(rxFrame, NetHeader.SIZE) : null;
            byte[] header = NetHeader.forReceive(fromHost, acked);
            long written = Packets.scatter(chain, memory, header, rxFrame, headerRoom, length - headerRoom);
            complete(queue, chain.head(), written);
            counters.received(length - headerRoom);
            return Delivery.DELIVERED;
        } catch (Dropped d) {
            counters.drop(d.reason());
            complete(queue, chain.head(), 0);
            return Delivery.DROPPED;
        }
    }

    private void complete(SplitQueue queue, int head, long written) {
        try {
            queue.pushUsed(memory, head, written);
        } catch (QueueError e) {
            counters.drop(DropReason.BAD_CHAIN);
        }
    }

    private static void pause(int millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Stops the receive thread (it touches guest memory: close the device before the VM).
     * The backend stays open; its owner closes it.
     */
    @Override
    public void close() throws InterruptedException {
        closed = true;
        synchronized (this) {
            notifyAll();
        }
        if (receiver.isAlive()) {
            receiver.join(5000);
        }
    }
}
