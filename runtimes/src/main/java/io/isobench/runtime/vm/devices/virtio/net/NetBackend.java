package io.isobench.runtime.vm.devices.virtio.net;

import java.io.IOException;

/**
 * Where a virtio-net device's frames go and come from. Either plain Ethernet frames (the
 * device adds and strips the virtio header), or, when {@link #offloadCapable()}, each frame
 * behind a 12-byte virtio_net_hdr both ways (a tap with IFF_VNET_HDR), which lets checksum
 * and segmentation offloads pass through. The real one is a {@link TapBackend}; tests use
 * an in-memory one, so the device is tested without a tap.
 */
public interface NetBackend extends AutoCloseable {

    /** Sends one frame ({@code length} bytes of {@code frame} from offset 0, header included if it takes one). */
    void send(byte[] frame, int length) throws IOException;

    /**
     * Waits up to {@code timeoutMillis} for the next frame and copies it to the start of
     * {@code buffer} (large enough for any frame and header: {@link NetDevice#MAX_FRAME} + 12 bytes).
     *
     * @return the frame's length (header included if it gives one), or 0 when none arrived in time
     */
    int receive(byte[] buffer, int timeoutMillis) throws IOException;

    /** Whether frames carry a virtio_net_hdr both ways, so offloads can pass through. */
    default boolean offloadCapable() {
        return false;
    }

    /**
     * What the guest accepts from now on (its GUEST_* features): partial checksums, and TCP
     * segments larger than the MTU for IPv4 and IPv6. Until told, the backend hands over
     * only complete frames. Only called when {@link #offloadCapable()}.
     */
    default void acceptOffloads(boolean checksum, boolean tso4, boolean tso6) throws IOException {
    }

    @Override
    void close();
}
