package io.isobench.runtime.vm.boot;

import io.isobench.runtime.vm.devices.virtio.VirtioMemory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The initramfs to place in guest memory: its size, and how to copy it there. A file is
 * streamed in 1 MiB pieces instead of being read whole, because the monitor's resident
 * memory is a figure isobench reports: the ~60 MiB image initramfs read into the Java heap
 * cost the monitor ~115 MiB of RSS that stayed after the copy (measured with the monitor's
 * JVM flags: 35 MiB without it, 151 MiB with it).
 */
public interface Initrd {
    /** No initramfs. */
    Initrd NONE = of(new byte[0]);

    long size();

    /** Copies the whole initramfs to {@code guestAddress}; the memory checks the range. */
    void copyTo(VirtioMemory memory, long guestAddress) throws IOException;

    /** An initramfs already in memory (tests, and peers that boot the same one many times). */
    static Initrd of(byte[] bytes) {
        return new Initrd() {
            @Override
            public long size() {
                return bytes.length;
            }

            @Override
            public void copyTo(VirtioMemory memory, long guestAddress) {
                memory.write(guestAddress, bytes, 0, bytes.length);
            }
        };
    }

    /** An initramfs file, sized now and copied later; a file that changes size in between is an error. */
    static Initrd of(Path file) throws IOException {
        long size = Files.size(file);
        return new Initrd() {
            @Override
            public long size() {
                return size;
            }

            @Override
            public void copyTo(VirtioMemory memory, long guestAddress) throws IOException {
                byte[] piece = new byte[1 << 20];
                long done = 0;
                try (InputStream in = Files.newInputStream(file)) {
                    int n;
                    while (done < size && (n = in.read(piece, 0, (int) Math.min(piece.length, size - done))) > 0) {
                        memory.write(guestAddress + done, piece, 0, n);
                        done += n;
                    }
                    if (done != size || in.read() >= 0) {
                        throw new IOException("the initramfs " + file + " changed size while it was loaded (expected "
                                + size + " bytes)");
                    }
                }
            }
        };
    }
}
