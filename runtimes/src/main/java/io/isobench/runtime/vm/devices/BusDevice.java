package io.isobench.runtime.vm.devices;

/**
 * A device on a {@link Bus}: it sees accesses relative to the start of the range it
 * claimed. Values are little-endian, {@code size} is 1, 2, 4 or 8 bytes. A vCPU thread
 * calls these, and with several vCPUs several threads may: devices synchronize themselves.
 */
public interface BusDevice {
    long read(long offset, int size);

    void write(long offset, int size, long value);
}
