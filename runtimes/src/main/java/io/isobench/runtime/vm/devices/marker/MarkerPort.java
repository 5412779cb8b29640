package io.isobench.runtime.vm.devices.marker;

import io.isobench.runtime.vm.devices.BusDevice;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Port 0x600: guest-init's way to tell the host that something happened, timestamped on the
 * host clock at the moment of the VM exit. The protocol is two single-byte {@code outb}s:
 * the code ({@link MarkerCode}), then its argument. A byte that is no known code while a
 * code is expected, and any access wider than one byte, is counted as malformed and
 * dropped; the next byte is again read as a code. Only the first {@value #KEPT} markers are
 * kept (guest-init writes six): a guest writing markers in a loop costs a counter, not memory.
 */
public final class MarkerPort implements BusDevice {
    public static final int PORT = 0x600;
    static final int KEPT = 64;

    private final Consumer<Marker> listener;
    private final List<Marker> markers = new ArrayList<>();
    private MarkerCode pending;
    private long pendingTime;
    private long malformed;
    private long dropped;

    /** @param listener told of each complete marker, on the vCPU thread (must not block) */
    public MarkerPort(Consumer<Marker> listener) {
        this.listener = listener;
    }

    public MarkerPort() {
        this(m -> {
        });
    }

    @Override
    public long read(long offset, int size) {
        return 0xFF;
    }

    @Override
    public void write(long offset, int size, long value) {
        long now = System.nanoTime();
        Marker complete = null;
        synchronized (this) {
            if (size != 1) {
                malformed++;
                return;
            }
            int b = (int) (value & 0xFF);
            if (pending == null) {
                pending = MarkerCode.of(b);
                pendingTime = now;
                if (pending == null) {
                    malformed++;
                }
            } else {
                complete = new Marker(pending, b, pendingTime);
                if (markers.size() < KEPT) {
                    markers.add(complete);
                } else {
                    dropped++;
                }
                pending = null;
            }
        }
        if (complete != null) {
            listener.accept(complete);
        }
    }

    /** Every complete marker so far, in arrival order. */
    public synchronized List<Marker> markers() {
        return List.copyOf(markers);
    }

    public synchronized long malformed() {
        return malformed;
    }

    /** Complete markers beyond the first {@value #KEPT}, not kept. */
    public synchronized long dropped() {
        return dropped;
    }
}
