package io.isobench.runtime.vm.devices.virtio;

import java.util.List;

/**
 * A virtio device model behind a transport (here: virtio-mmio). The transport owns the
 * register file, feature negotiation and the queues' configuration; the device owns its
 * config space and what a request means.
 */
public interface VirtioDevice {

    /** Device type id (virtio 1.2, 5): 2 = block. */
    int deviceType();

    /** Feature bits offered (VIRTIO_F_VERSION_1, bit 32, is added by the transport). */
    long features();

    int queueCount();

    int queueMaxSize();

    /** The device-specific configuration space as the guest reads it. */
    byte[] configSpace();

    /**
     * The driver set DRIVER_OK: from now on the device may process the queues.
     *
     * @param acked features the driver accepted (a subset of {@link #features()})
     */
    void activate(VirtioMemory memory, List<SplitQueue> queues, long acked, UsedBufferSignal signal);

    /** The driver notified queue {@code index} (from a vCPU exit or an ioeventfd). */
    void processQueue(int index);

    /** The driver wrote 0 to the status register; drop all state from activate. */
    void reset();

    /** How the device tells the transport it put buffers in a used ring. */
    interface UsedBufferSignal {
        void usedBuffers();
    }
}
