package io.isobench.runtime.qemu;

import io.isobench.runtime.vm.devices.marker.MarkerCode;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * guest-init's markers as they arrive from QEMU's {@code isa-debugcon} on port 0x600: pairs of
 * bytes, code then argument, as our monitor's marker port reads them. Each is timestamped with
 * the host's CLOCK_MONOTONIC when its code byte arrives here — QEMU's vCPU thread writes the
 * byte to the socket synchronously, so this is one socket hop after the guest's {@code outb}
 * where our monitor stamps it on the vCPU's exit. The first {@value #KEPT} are kept (guest-init
 * writes six), the rest counted, as our monitor does.
 */
final class GuestMarkers implements SocketChannelReader.Sink {
    static final int KEPT = 64;

    /** One marker: its code (null when the byte is no known code), argument and arrival. */
    record Arrived(int codeByte, int argument, long nanoTime) {
        MarkerCode code() {
            return MarkerCode.of(codeByte);
        }
    }

    private final LongSupplier clock;
    private final List<Arrived> markers = new ArrayList<>();
    private final Runnable onWorkloadEnd;
    private int pendingCode = -1;
    private long pendingNs;
    private long dropped;

    /** @param onWorkloadEnd run on the reader's thread when the workload-exited or -killed marker is complete */
    GuestMarkers(LongSupplier clock, Runnable onWorkloadEnd) {
        this.clock = clock;
        this.onWorkloadEnd = onWorkloadEnd;
    }

    @Override
    public void accept(byte[] buf, int len) {
        for (int i = 0; i < len; i++) {
            int b = buf[i] & 0xff;
            if (pendingCode < 0) {
                pendingCode = b;
                pendingNs = clock.getAsLong();
                continue;
            }
            Arrived m = new Arrived(pendingCode, b, pendingNs);
            pendingCode = -1;
            boolean end;
            synchronized (this) {
                if (markers.size() < KEPT) {
                    markers.add(m);
                } else {
                    dropped++;
                }
                end = m.code() == MarkerCode.WORKLOAD_EXITED || m.code() == MarkerCode.WORKLOAD_KILLED;
            }
            if (end) {
                onWorkloadEnd.run();
            }
        }
    }

    synchronized List<Arrived> markers() {
        return List.copyOf(markers);
    }

    synchronized long dropped() {
        return dropped;
    }
}
