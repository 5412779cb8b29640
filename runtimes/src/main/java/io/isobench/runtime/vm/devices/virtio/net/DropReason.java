package io.isobench.runtime.vm.devices.virtio.net;

/**
 * Every reason the virtio-net device drops a packet. Each drops that one frame (the
 * descriptor chain still goes back to the driver, so it is never left waiting) and is
 * counted; none of them stops the device. Names are the counters' names in the VM report.
 */
public enum DropReason {
    /** The descriptor chain itself was malformed (index out of range, loop, indirect). */
    BAD_CHAIN,
    /** A transmit chain holds a device-writable descriptor (transmit buffers are read-only). */
    TX_WRITABLE_BUFFER,
    /** A transmit chain shorter than the 12-byte virtio_net_hdr plus a 14-byte Ethernet header. */
    TX_TOO_SHORT,
    /** A transmit frame longer than {@link NetDevice#MAX_FRAME} (bounded: a guest must not make us allocate freely). */
    TX_TOO_LONG,
    /** A transmit header asks for a checksum or segmentation offload that was not negotiated. */
    TX_OFFLOAD_NOT_NEGOTIATED,
    /** A transmit header whose offload fields make no sense (checksum outside the frame, segment size 0). */
    TX_BAD_HEADER,
    /** A received frame needs an offload the driver did not accept (queued before it renegotiated). */
    RX_OFFLOAD_NOT_NEGOTIATED,
    /** A receive chain holds a device-readable descriptor (receive buffers must be writable). */
    RX_READ_ONLY_BUFFER,
    /** The receive chain cannot hold the header plus the frame. */
    RX_BUFFER_TOO_SMALL,
    /** A buffer (or buffer + offset) outside guest memory. */
    GUEST_MEMORY,
    /** The backend (the tap) refused a send (the host kernel rejected the frame) or failed a receive. */
    HOST_IO,
    /** A received frame was pending when the driver reset the device or the VM ended. */
    RX_DEVICE_GONE
}
