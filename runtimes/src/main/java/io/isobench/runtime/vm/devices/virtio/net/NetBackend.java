package io.isobench.runtime.vm.devices.virtio.net;

import java.io.IOException;

/**
 * Where a virtio-net device's frames go and come from: plain Ethernet frames, without any
 * virtio header (the device adds and strips that). The real one is a {@link TapBackend};
 * tests use an in-memory one, so the device is tested without a tap.
 */
public interface NetBackend extends AutoCloseable {

    /** Sends one frame ({@code length} bytes of {@code frame} from offset 0). */
    void send(byte[] frame, int length) throws IOException;

    /**
     * Waits up to {@code timeoutMillis} for the next frame and copies it to the start of
     * {@code buffer} (large enough for any frame: {@link NetDevice#MAX_FRAME} bytes).
     *
     * @return the frame's length, or 0 when none arrived in time
     */
    int receive(byte[] buffer, int timeoutMillis) throws IOException;

    @Override
    void close();
}
