package io.isobench.runtime.vm.devices.virtio.block;

/**
 * Every way a virtio-blk request from the guest can be wrong (virtio 1.2, 5.2.6). Each
 * fails that one request with an error status (when there is a status byte to write) and
 * is counted; none of them stops the device.
 */
public enum RequestError {
    /** Fewer than two descriptors: no room for both header and status. */
    CHAIN_TOO_SHORT,
    /** The 16-byte header is device-writable or shorter than 16 bytes. */
    BAD_HEADER,
    /** The last descriptor is not a device-writable byte for the status. */
    BAD_STATUS_DESCRIPTOR,
    /** A read's data buffer is not device-writable, or a write's data buffer is. */
    WRONG_DATA_DIRECTION,
    /** Data length not a multiple of the 512-byte sector. */
    DATA_NOT_SECTOR_MULTIPLE,
    /** Too much data in one request (bounded so a guest cannot make us allocate freely). */
    DATA_TOO_LARGE,
    /** Sector + length past the end of the disk (computed with overflow checks). */
    OUT_OF_RANGE,
    /** A write or flush-free write on a read-only disk. */
    READ_ONLY,
    /** A request type we do not implement. */
    UNSUPPORTED_TYPE,
    /** A data buffer outside guest memory. */
    GUEST_MEMORY,
    /** The host file failed the read, write or flush. */
    HOST_IO,
    /** The descriptor chain itself was malformed (index out of range, loop, indirect). */
    BAD_CHAIN
}
