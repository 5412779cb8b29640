package io.isobench.runtime.vm.acpi;

import java.nio.ByteBuffer;

/**
 * Generic Address Structure, 12 bytes (ACPI 6.5, 5.2.3.2, Table 5.1): address space id,
 * register bit width, register bit offset, access size, 64-bit address.
 */
public record GenericAddress(int addressSpace, int bitWidth, int bitOffset, int accessSize, long address) {
    public static final int LENGTH = 12;
    /** Address space id 1: System I/O (port) space. */
    public static final int SYSTEM_IO = 1;
    /** Access size 1: byte access. */
    public static final int ACCESS_BYTE = 1;
    /** The all-zero structure: "not present". */
    public static final GenericAddress NONE = new GenericAddress(0, 0, 0, 0, 0);

    /** An 8-bit I/O port register, accessed with byte I/O. */
    public static GenericAddress ioPort8(int port) {
        return new GenericAddress(SYSTEM_IO, 8, 0, ACCESS_BYTE, port);
    }

    void writeTo(ByteBuffer b) {
        b.put((byte) addressSpace).put((byte) bitWidth).put((byte) bitOffset).put((byte) accessSize)
                .putLong(address);
    }
}
