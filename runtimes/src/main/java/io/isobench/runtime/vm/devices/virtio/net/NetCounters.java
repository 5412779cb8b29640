package io.isobench.runtime.vm.devices.virtio.net;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** What one virtio-net device did: frames and bytes each way, and drops by reason. */
public final class NetCounters {
    private final AtomicLong rxFrames = new AtomicLong();
    private final AtomicLong rxBytes = new AtomicLong();
    private final AtomicLong txFrames = new AtomicLong();
    private final AtomicLong txBytes = new AtomicLong();
    /** The largest frame each way: above 1514 bytes only with segmentation offload (TSO/GSO frames). */
    private final AtomicLong rxMaxFrame = new AtomicLong();
    private final AtomicLong txMaxFrame = new AtomicLong();
    private final AtomicLong interrupts = new AtomicLong();
    private final AtomicLong interruptsSuppressed = new AtomicLong();
    private final Map<DropReason, AtomicLong> drops = new EnumMap<>(DropReason.class);

    public NetCounters() {
        for (DropReason r : DropReason.values()) {
            drops.put(r, new AtomicLong());
        }
    }

    void received(long bytes) {
        rxFrames.incrementAndGet();
        rxBytes.addAndGet(bytes);
        rxMaxFrame.accumulateAndGet(bytes, Math::max);
    }

    void sent(long bytes) {
        txFrames.incrementAndGet();
        txBytes.addAndGet(bytes);
        txMaxFrame.accumulateAndGet(bytes, Math::max);
    }

    /** Buffers went back to the driver: interrupted it, or not because it asked for no interrupt (NAPI polling). */
    void interrupt(boolean sent) {
        (sent ? interrupts : interruptsSuppressed).incrementAndGet();
    }

    public long interrupts() {
        return interrupts.get();
    }

    public long interruptsSuppressed() {
        return interruptsSuppressed.get();
    }

    void drop(DropReason reason) {
        drops.get(reason).incrementAndGet();
    }

    public long drops(DropReason reason) {
        return drops.get(reason).get();
    }

    public long rxFrames() {
        return rxFrames.get();
    }

    public long txFrames() {
        return txFrames.get();
    }

    public long rxBytes() {
        return rxBytes.get();
    }

    public long txBytes() {
        return txBytes.get();
    }

    /**
     * All counters by name (frame counts and Ethernet bytes, without virtio headers; rx = to
     * the guest; the largest frame each way), zero drop counters left out.
     */
    public Map<String, Long> snapshot() {
        return snapshot("none");
    }

    /**
     * As {@link #snapshot()}, plus {@code offload.NAME = 1} for each offload in effect (a
     * comma-separated list as {@link NetDevice#offloadsInEffect()} gives it, or "none"), so a
     * trial says which data path it measured.
     */
    public Map<String, Long> snapshot(String offloads) {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("rxFrames", rxFrames.get());
        m.put("rxBytes", rxBytes.get());
        m.put("txFrames", txFrames.get());
        m.put("txBytes", txBytes.get());
        m.put("rxMaxFrameBytes", rxMaxFrame.get());
        m.put("txMaxFrameBytes", txMaxFrame.get());
        m.put("interrupts", interrupts.get());
        m.put("interruptsSuppressed", interruptsSuppressed.get());
        drops.forEach((r, n) -> {
            if (n.get() > 0) {
                m.put("drop." + r.name().toLowerCase(Locale.ROOT), n.get());
            }
        });
        if (!offloads.equals("none")) {
            for (String o : offloads.split(",")) {
                m.put("offload." + o, 1L);
            }
        }
        return m;
    }
}
