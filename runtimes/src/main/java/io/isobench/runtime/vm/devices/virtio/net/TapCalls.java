package io.isobench.runtime.vm.devices.virtio.net;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;

/**
 * The libc calls a tap needs, JNA direct-mapped like the monitor's other bindings
 * ({@code vm.kvm.LibC}): raw C results, errno from {@link Native#getLastError()}.
 */
final class TapCalls {
    static final int O_RDONLY = 0;
    static final int O_RDWR = 2;
    static final int O_NONBLOCK = 0x800;
    static final int O_CLOEXEC = 0x80000;
    static final int CLONE_NEWNET = 0x40000000;
    static final int AF_INET = 2;
    static final int SOCK_DGRAM = 2;
    static final int SOCK_CLOEXEC = 0x80000;
    static final short POLLIN = 1;
    static final int EINTR = 4;
    static final int EAGAIN = 11;

    /** _IOW('T', 202, int): attach to (or create) a tun/tap interface. */
    static final long TUNSETIFF = 0x400454caL;
    static final short IFF_TAP = 0x0002;
    static final short IFF_NO_PI = 0x1000;
    static final short IFF_VNET_HDR = 0x4000;
    /** _IOW('T', 216, int): the size of the vnet header in front of each frame (12: virtio 1.x). */
    static final long TUNSETVNETHDRSZ = 0x400454d8L;
    /** _IOW('T', 208, unsigned int), by value: which offloads the reader of the tap accepts. */
    static final long TUNSETOFFLOAD = 0x400454d0L;
    static final int TUN_F_CSUM = 0x01;
    static final int TUN_F_TSO4 = 0x02;
    static final int TUN_F_TSO6 = 0x04;
    static final long SIOCGIFFLAGS = 0x8913;
    static final long SIOCSIFFLAGS = 0x8914;
    static final long SIOCSIFADDR = 0x8916;
    static final long SIOCSIFNETMASK = 0x891c;
    static final short IFF_UP = 0x1;
    /** sizeof(struct ifreq) on x86-64: a 16-byte name and a 24-byte union. */
    static final int IFREQ_SIZE = 40;
    static final int IFNAMSIZ = 16;

    static {
        Native.register(TapCalls.class, NativeLibrary.getInstance("c"));
    }

    private TapCalls() {
    }

    static native int open(String path, int flags);

    static native int close(int fd);

    static native int ioctl(int fd, long request, byte[] arg);

    static native int ioctl(int fd, long request, long arg);

    static native int socket(int domain, int type, int protocol);

    static native int setns(int fd, int nstype);

    /** {@code pollfd} as ints: [fd, events | revents << 16] per entry (little-endian x86-64). */
    static native int poll(int[] fds, long nfds, int timeoutMillis);

    static native long read(int fd, byte[] buf, long count);

    static native long write(int fd, byte[] buf, long count);

    static native String strerror(int errnum);

    static String lastError() {
        int errno = Native.getLastError();
        return strerror(errno) + " (errno " + errno + ")";
    }
}
