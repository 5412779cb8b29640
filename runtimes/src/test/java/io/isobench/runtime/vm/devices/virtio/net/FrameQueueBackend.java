package io.isobench.runtime.vm.devices.virtio.net;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * An in-memory {@link NetBackend} for device tests: frames for the guest are queued in
 * {@link #inbound}, frames from the guest collect in {@link #sent}. (The real tap is tested
 * in {@link TapBackendTest}.)
 */
final class FrameQueueBackend implements NetBackend {
    final BlockingQueue<byte[]> inbound = new LinkedBlockingQueue<>();
    final List<byte[]> sent = new ArrayList<>();
    /** Whether frames carry a virtio header both ways (as a tap with IFF_VNET_HDR). */
    final boolean headers;
    /** What the device last said the guest accepts: "csum tso4 tso6" as booleans, null before. */
    volatile boolean[] accepted;

    FrameQueueBackend() {
        this(false);
    }

    FrameQueueBackend(boolean headers) {
        this.headers = headers;
    }

    @Override
    public boolean offloadCapable() {
        return headers;
    }

    @Override
    public void acceptOffloads(boolean checksum, boolean tso4, boolean tso6) {
        accepted = new boolean[] {checksum, tso4, tso6};
    }

    @Override
    public synchronized void send(byte[] frame, int length) {
        sent.add(Arrays.copyOf(frame, length));
    }

    synchronized List<byte[]> sent() {
        return List.copyOf(sent);
    }

    @Override
    public int receive(byte[] buffer, int timeoutMillis) throws java.io.IOException {
        byte[] f;
        try {
            f = timeoutMillis > 0 ? inbound.poll(timeoutMillis, TimeUnit.MILLISECONDS) : inbound.poll();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
        if (f == null) {
            return 0;
        }
        System.arraycopy(f, 0, buffer, 0, f.length);
        return f.length;
    }

    @Override
    public void close() {
    }
}
