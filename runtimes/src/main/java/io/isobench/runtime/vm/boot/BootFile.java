package io.isobench.runtime.vm.boot;

import io.isobench.runtime.vm.devices.virtio.VirtioMemory;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A file the guest boots from (kernel or initramfs): its size, byte ranges for parsing
 * headers, and copies of ranges straight into guest memory. On disk, ranges are read by the
 * kernel straight into guest RAM ({@link VirtioMemory#fill}) and the file is never held in
 * the heap, because the monitor's resident memory is a figure isobench reports: the standard image's 59 MB initramfs read whole cost
 * the monitor ~115 MiB of RSS that stayed after the copy, the 14 MB kernel ~29 MiB (measured
 * with the monitor's JVM flags; an idle JVM is 35 MiB).
 */
public interface BootFile {
    long size();

    /**
     * {@code length} bytes from {@code offset}. The caller has checked the range against
     * {@link #size()}; a file that no longer has them changed underneath us (IOException).
     */
    byte[] read(long offset, int length) throws IOException;

    /** Copies {@code length} bytes from {@code offset} to {@code guestAddress}; the memory checks its range. */
    void copyTo(VirtioMemory memory, long guestAddress, long offset, long length) throws IOException;

    /** Copies the whole file to {@code guestAddress}. */
    default void copyTo(VirtioMemory memory, long guestAddress) throws IOException {
        copyTo(memory, guestAddress, 0, size());
    }

    /** A file already in memory (tests, and peers that boot the same files many times). */
    static BootFile of(byte[] bytes) {
        return new BootFile() {
            @Override
            public long size() {
                return bytes.length;
            }

            @Override
            public byte[] read(long offset, int length) {
                byte[] out = new byte[length];
                System.arraycopy(bytes, Math.toIntExact(offset), out, 0, length);
                return out;
            }

            @Override
            public void copyTo(VirtioMemory memory, long guestAddress, long offset, long length) {
                memory.write(guestAddress, bytes, Math.toIntExact(offset), Math.toIntExact(length));
            }
        };
    }

    /** A file on disk, sized now and read when needed; one that changes size in between is an error. */
    static BootFile of(Path file) throws IOException {
        long size = Files.size(file);
        return new BootFile() {
            @Override
            public long size() {
                return size;
            }

            @Override
            public byte[] read(long offset, int length) throws IOException {
                ByteBuffer buffer = ByteBuffer.allocate(length);
                try (FileChannel ch = open()) {
                    VirtioMemory.readFully(ch, buffer, offset);
                } catch (EOFException e) {
                    throw changed();
                }
                return buffer.array();
            }

            @Override
            public void copyTo(VirtioMemory memory, long guestAddress, long offset, long length) throws IOException {
                try (FileChannel ch = open()) {
                    memory.fill(guestAddress, ch, offset, length);
                } catch (EOFException e) {
                    throw changed();
                }
            }

            private FileChannel open() throws IOException {
                FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
                if (ch.size() != size) {
                    ch.close();
                    throw changed();
                }
                return ch;
            }

            private IOException changed() {
                return new IOException(file + " changed size while the VM was being loaded (it had " + size + " bytes)");
            }
        };
    }
}
