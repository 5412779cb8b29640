package io.isobench.runtime.vm.devices.virtio.block;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** What one virtio-blk device did, per operation and per kind of guest error. */
public final class BlockCounters {
    private final AtomicLong reads = new AtomicLong();
    private final AtomicLong writes = new AtomicLong();
    private final AtomicLong flushes = new AtomicLong();
    private final AtomicLong bytesRead = new AtomicLong();
    private final AtomicLong bytesWritten = new AtomicLong();
    private final Map<RequestError, AtomicLong> errors = new EnumMap<>(RequestError.class);

    public BlockCounters() {
        for (RequestError e : RequestError.values()) {
            errors.put(e, new AtomicLong());
        }
    }

    void read(long bytes) {
        reads.incrementAndGet();
        bytesRead.addAndGet(bytes);
    }

    void write(long bytes) {
        writes.incrementAndGet();
        bytesWritten.addAndGet(bytes);
    }

    void flush() {
        flushes.incrementAndGet();
    }

    void error(RequestError error) {
        errors.get(error).incrementAndGet();
    }

    public long errors(RequestError error) {
        return errors.get(error).get();
    }

    public long bytesRead() {
        return bytesRead.get();
    }

    public long bytesWritten() {
        return bytesWritten.get();
    }

    public long flushes() {
        return flushes.get();
    }

    /** All counters by name, zero error counters left out. */
    public Map<String, Long> snapshot() {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("reads", reads.get());
        m.put("writes", writes.get());
        m.put("flushes", flushes.get());
        m.put("bytesRead", bytesRead.get());
        m.put("bytesWritten", bytesWritten.get());
        errors.forEach((e, n) -> {
            if (n.get() > 0) {
                m.put("error." + e.name().toLowerCase(java.util.Locale.ROOT), n.get());
            }
        });
        return m;
    }
}
