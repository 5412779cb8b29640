package io.isobench.runtime.vm.devices.virtio.net;

import com.sun.jna.Native;
import io.isobench.runtime.Availability;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A tap interface that lives in the run's far end network namespace, carrying the far end's
 * address of the VM's link: what the guest's frames enter and leave the host through.
 *
 * <p>Created in place, not moved: a short-lived thread enters the far end ({@code setns}
 * only changes the calling thread's network namespace), opens /dev/net/tun there, so that
 * TUNSETIFF creates the interface in the far end, sets its address through a socket that
 * also belongs to the far end, and ends. No other thread of the monitor ever changes
 * namespace, so nothing else can open a socket in the wrong place, and there is no
 * "switch back" that could fail. The interface is never in the host's namespace, even for a
 * moment, so its name cannot collide there and nothing is left there if we are killed.
 *
 * <p>The tap is not persistent: the kernel removes it when its last file descriptor
 * closes, which includes the monitor being killed with SIGKILL. Opened with IFF_TAP |
 * IFF_NO_PI, and with offloads also IFF_VNET_HDR and a 12-byte header (TUNSETVNETHDRSZ): each
 * frame then carries a virtio_net_hdr both ways, and TUNSETOFFLOAD tells the far end's kernel
 * what the guest accepts (partial checksums, TSO); until then, and without offloads, it hands
 * over only complete, checksummed frames.
 */
public final class TapBackend implements NetBackend {
    private final int fd;
    private final String name;
    private final boolean offloads;
    private volatile boolean closed;

    private TapBackend(int fd, String name, boolean offloads) {
        this.fd = fd;
        this.name = name;
        this.offloads = offloads;
    }

    /**
     * Creates the tap {@code name} in the namespace {@code netns} (e.g. /run/netns/NAME) with
     * {@code address}/{@code prefixLength} on it, up.
     *
     * @param offloads whether frames carry a virtio_net_hdr, so that the guest may use checksum
     *                 and segmentation offloads
     * @throws IOException with one sentence naming what failed
     */
    public static TapBackend create(Path netns, String name, String address, int prefixLength, boolean offloads)
            throws IOException {
        byte[] nameBytes = name.getBytes(StandardCharsets.US_ASCII);
        if (nameBytes.length == 0 || nameBytes.length >= TapCalls.IFNAMSIZ) {
            throw new IllegalArgumentException("an interface name has 1 to 15 characters: " + name);
        }
        if (prefixLength < 1 || prefixLength > 32) {
            throw new IllegalArgumentException("prefix length out of range: " + prefixLength);
        }
        byte[] addressBytes = ipv4(address);
        AtomicReference<Object> outcome = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                outcome.set(createHere(netns, nameBytes, addressBytes, prefixLength, offloads));
            } catch (IOException | RuntimeException e) {
                outcome.set(e);
            }
        }, "tap-create");
        t.start();
        try {
            t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while creating the tap " + name);
        }
        Object o = outcome.get();
        if (o instanceof Integer tapFd) {
            return new TapBackend(tapFd, name, offloads);
        }
        if (o instanceof IOException e) {
            throw e;
        }
        throw (RuntimeException) o;
    }

    /**
     * Whether this host can give a VM a network link: the monitor needs /dev/net/tun for the
     * tap (and root, for entering the far end, which the harness needs anyway). The net
     * workloads are unavailable in the VM with this reason when it says no.
     */
    public static Availability availability() {
        return availability(Path.of("/dev/net/tun"));
    }

    static Availability availability(Path tun) {
        if (!Files.exists(tun)) {
            return Availability.no(tun + " is missing, so the VM cannot get its network link (a tap); load the tun"
                    + " module (modprobe tun).");
        }
        if (!Files.isReadable(tun) || !Files.isWritable(tun)) {
            return Availability.no(tun + " is not readable and writable by this user, so the VM cannot get its"
                    + " network link (a tap); run as root.");
        }
        return Availability.yes();
    }

    /** On the throw-away thread: enter the far end, create and configure the tap there. */
    private static int createHere(Path netns, byte[] name, byte[] address, int prefixLength, boolean offloads)
            throws IOException {
        String shown = new String(name, StandardCharsets.US_ASCII);
        int ns = TapCalls.open(netns.toString(), TapCalls.O_RDONLY | TapCalls.O_CLOEXEC);
        if (ns < 0) {
            throw new IOException("cannot open the far end's network namespace " + netns + ": " + TapCalls.lastError());
        }
        try {
            if (TapCalls.setns(ns, TapCalls.CLONE_NEWNET) != 0) {
                throw new IOException("cannot enter the network namespace " + netns + ": " + TapCalls.lastError());
            }
        } finally {
            TapCalls.close(ns);
        }
        int tap = TapCalls.open("/dev/net/tun", TapCalls.O_RDWR | TapCalls.O_NONBLOCK | TapCalls.O_CLOEXEC);
        if (tap < 0) {
            throw new IOException("cannot open /dev/net/tun for the VM's network link: " + TapCalls.lastError());
        }
        try {
            byte[] ifr = ifreq(name);
            int flags = TapCalls.IFF_TAP | TapCalls.IFF_NO_PI | (offloads ? TapCalls.IFF_VNET_HDR : 0);
            ifr[16] = (byte) flags;
            ifr[17] = (byte) (flags >>> 8);
            if (TapCalls.ioctl(tap, TapCalls.TUNSETIFF, ifr) != 0) {
                throw new IOException("cannot create the tap " + shown + " in " + netns + ": " + TapCalls.lastError());
            }
            if (offloads && TapCalls.ioctl(tap, TapCalls.TUNSETVNETHDRSZ, new byte[] {NetHeader.SIZE, 0, 0, 0}) != 0) {
                throw new IOException("cannot set the vnet header size of the tap " + shown + ": "
                        + TapCalls.lastError());
            }
            configure(name, address, prefixLength, shown);
            return tap;
        } catch (IOException | RuntimeException e) {
            TapCalls.close(tap);
            throw e;
        }
    }

    /** Address, netmask (which installs the link's one route) and IFF_UP, through a far-end socket. */
    private static void configure(byte[] name, byte[] address, int prefixLength, String shown) throws IOException {
        int s = TapCalls.socket(TapCalls.AF_INET, TapCalls.SOCK_DGRAM | TapCalls.SOCK_CLOEXEC, 0);
        if (s < 0) {
            throw new IOException("cannot open a socket in the far end: " + TapCalls.lastError());
        }
        try {
            byte[] ifr = ifreq(name);
            sockaddrIn(ifr, address);
            if (TapCalls.ioctl(s, TapCalls.SIOCSIFADDR, ifr) != 0) {
                throw new IOException("cannot set the address of " + shown + ": " + TapCalls.lastError());
            }
            ifr = ifreq(name);
            sockaddrIn(ifr, netmask(prefixLength));
            if (TapCalls.ioctl(s, TapCalls.SIOCSIFNETMASK, ifr) != 0) {
                throw new IOException("cannot set the netmask of " + shown + ": " + TapCalls.lastError());
            }
            ifr = ifreq(name);
            if (TapCalls.ioctl(s, TapCalls.SIOCGIFFLAGS, ifr) != 0) {
                throw new IOException("cannot read the flags of " + shown + ": " + TapCalls.lastError());
            }
            ifr[16] |= TapCalls.IFF_UP;
            if (TapCalls.ioctl(s, TapCalls.SIOCSIFFLAGS, ifr) != 0) {
                throw new IOException("cannot bring " + shown + " up: " + TapCalls.lastError());
            }
        } finally {
            TapCalls.close(s);
        }
    }

    private static byte[] ifreq(byte[] name) {
        byte[] ifr = new byte[TapCalls.IFREQ_SIZE];
        System.arraycopy(name, 0, ifr, 0, name.length);
        return ifr;
    }

    /** struct sockaddr_in at the ifreq's union: family (host order), port 0, address (network order). */
    private static void sockaddrIn(byte[] ifr, byte[] address) {
        ifr[16] = (byte) TapCalls.AF_INET;
        ifr[17] = 0;
        System.arraycopy(address, 0, ifr, 20, 4);
    }

    static byte[] netmask(int prefixLength) {
        long mask = prefixLength == 0 ? 0 : (0xffffffffL << (32 - prefixLength)) & 0xffffffffL;
        return new byte[] {(byte) (mask >>> 24), (byte) (mask >>> 16), (byte) (mask >>> 8), (byte) mask};
    }

    static byte[] ipv4(String address) {
        String[] parts = address.split("\\.");
        if (parts.length != 4) {
            throw new IllegalArgumentException("not an IPv4 address: " + address);
        }
        byte[] b = new byte[4];
        for (int i = 0; i < 4; i++) {
            int v = Integer.parseInt(parts[i]);
            if (v < 0 || v > 255) {
                throw new IllegalArgumentException("not an IPv4 address: " + address);
            }
            b[i] = (byte) v;
        }
        return b;
    }

    public String name() {
        return name;
    }

    @Override
    public boolean offloadCapable() {
        return offloads;
    }

    @Override
    public void acceptOffloads(boolean checksum, boolean tso4, boolean tso6) throws IOException {
        // The kernel honours TSO only together with checksum offload (a segment needs its checksum done).
        int flags = !checksum ? 0
                : TapCalls.TUN_F_CSUM | (tso4 ? TapCalls.TUN_F_TSO4 : 0) | (tso6 ? TapCalls.TUN_F_TSO6 : 0);
        if (TapCalls.ioctl(fd, TapCalls.TUNSETOFFLOAD, (long) flags) != 0) {
            throw new IOException("TUNSETOFFLOAD on the tap " + name + ": " + TapCalls.lastError());
        }
    }

    @Override
    public void send(byte[] frame, int length) throws IOException {
        long n;
        do {
            n = TapCalls.write(fd, frame, length);
        } while (n < 0 && Native.getLastError() == TapCalls.EINTR);
        if (n != length) {
            throw new IOException("tap write: " + (n < 0 ? TapCalls.lastError() : n + " of " + length + " bytes"));
        }
    }

    @Override
    public int receive(byte[] buffer, int timeoutMillis) throws IOException {
        if (closed) {
            return 0;
        }
        int[] pollfd = {fd, TapCalls.POLLIN};
        int ready = TapCalls.poll(pollfd, 1, timeoutMillis);
        if (ready < 0) {
            if (Native.getLastError() == TapCalls.EINTR) {
                return 0;
            }
            throw new IOException("poll on the tap: " + TapCalls.lastError());
        }
        if (ready == 0) {
            return 0;
        }
        long n = TapCalls.read(fd, buffer, buffer.length);
        if (n < 0) {
            int errno = Native.getLastError();
            if (errno == TapCalls.EAGAIN || errno == TapCalls.EINTR) {
                return 0;
            }
            throw new IOException("tap read: " + TapCalls.lastError());
        }
        return (int) n;
    }

    /** Closes the tap's descriptor; the kernel then removes the interface from the far end. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            TapCalls.close(fd);
        }
    }
}
