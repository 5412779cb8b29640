package io.isobench.runtime.vm.kvm;

import com.sun.jna.Native;

/**
 * A Linux eventfd: a 64-bit counter in the kernel that one side adds to and the other
 * reads (and so resets). KVM uses them in both directions: an ioeventfd is signalled by a
 * guest write without a vCPU exit, an irqfd injects an interrupt when we signal it.
 */
public final class EventFd implements AutoCloseable {
    private final int fd;
    private volatile boolean closed;

    private EventFd(int fd) {
        this.fd = fd;
    }

    /** A blocking eventfd, closed on exec. */
    public static EventFd create() {
        return new EventFd(Fds.check(LibC.eventfd(0, LibC.EFD_CLOEXEC), "eventfd"));
    }

    public int fd() {
        return fd;
    }

    /** Adds 1 to the counter, waking a reader (or, as an irqfd, raising the interrupt). */
    public void signal() {
        byte[] one = {1, 0, 0, 0, 0, 0, 0, 0};
        long n;
        do {
            n = LibC.write(fd, one, 8);
        } while (n < 0 && Native.getLastError() == LibC.EINTR);
        if (n != 8) {
            throw new KvmException("eventfd write", Native.getLastError());
        }
    }

    /** Waits until the counter is non-zero, then returns and resets it. */
    public long await() {
        byte[] value = new byte[8];
        long n;
        do {
            n = LibC.read(fd, value, 8);
        } while (n < 0 && Native.getLastError() == LibC.EINTR && !closed);
        if (n != 8) {
            throw new KvmException("eventfd read", Native.getLastError());
        }
        long count = 0;
        for (int i = 7; i >= 0; i--) {
            count = count << 8 | (value[i] & 0xff);
        }
        return count;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            LibC.close(fd);
        }
    }
}
