package io.isobench.runtime.vm.devices.virtio;

import io.isobench.runtime.vm.memory.Bytes;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * The device's view of guest memory: byte ranges at guest-physical addresses, little-endian.
 * Every address and length here comes from the guest and is untrusted: an implementation
 * must refuse (with {@link GuestAccessException}) any range that is not entirely inside
 * guest RAM, with overflow-checked arithmetic. Devices never see anything wider than this.
 */
public interface VirtioMemory {

    void read(long guestAddress, byte[] into, int offset, int length);

    void write(long guestAddress, byte[] from, int offset, int length);

    /**
     * True when every byte of [guestAddress, guestAddress + length) is guest RAM (overflow-safe):
     * what a device checks once at the edge, e.g. a ring when the driver makes its queue live.
     */
    boolean contains(long guestAddress, long length);

    /**
     * Fills [guestAddress, guestAddress + length) with the file's bytes from {@code position}
     * (the range is checked as {@link #write}'s). This fallback goes through the heap in
     * pieces; guest RAM itself reads the file straight into its host mapping.
     *
     * @throws EOFException when the file ends before {@code length} bytes
     */
    default void fill(long guestAddress, FileChannel file, long position, long length) throws IOException {
        if (!contains(guestAddress, length)) {
            throw new GuestAccessException(String.format("guest range [0x%x, +0x%x) is not inside guest RAM",
                    guestAddress, length));
        }
        ByteBuffer piece = ByteBuffer.allocate((int) Math.min(1 << 16, Math.max(length, 0)));
        for (long done = 0; done < length; done += piece.limit()) {
            piece.clear().limit((int) Math.min(piece.capacity(), length - done));
            readFully(file, piece, position + done);
            write(guestAddress + done, piece.array(), 0, piece.limit());
        }
    }

    /** Reads until {@code into} is full; EOFException when the file ends first. */
    static void readFully(FileChannel file, ByteBuffer into, long position) throws IOException {
        while (into.hasRemaining()) {
            int n = file.read(into, position);
            if (n < 0) {
                throw new EOFException();
            }
            position += n;
        }
    }

    default int readU16(long guestAddress) {
        byte[] b = new byte[2];
        read(guestAddress, b, 0, 2);
        return (b[0] & 0xff) | (b[1] & 0xff) << 8;
    }

    default long readU32(long guestAddress) {
        byte[] b = new byte[4];
        read(guestAddress, b, 0, 4);
        return Bytes.u32(b, 0);
    }

    default long readU64(long guestAddress) {
        byte[] b = new byte[8];
        read(guestAddress, b, 0, 8);
        return Bytes.u64(b, 0);
    }

    default void writeU16(long guestAddress, int value) {
        write(guestAddress, new byte[] {(byte) value, (byte) (value >>> 8)}, 0, 2);
    }

    default void writeU32(long guestAddress, long value) {
        byte[] b = new byte[4];
        Bytes.putU32(b, 0, value);
        write(guestAddress, b, 0, 4);
    }
}
