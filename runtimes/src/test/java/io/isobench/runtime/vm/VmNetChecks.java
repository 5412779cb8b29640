package io.isobench.runtime.vm;

import com.sun.jna.Library;
import com.sun.jna.Native;
import io.isobench.runtime.Execution;
import io.isobench.runtime.Launch;
import io.isobench.runtime.Limits;
import io.isobench.runtime.Stdio;
import io.isobench.runtime.cgroup.Cgroup;
import io.isobench.runtime.cgroup.CgroupManager;
import io.isobench.runtime.net.NetAttachment;
import io.isobench.runtime.vm.calibration.KvmCalibrator;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The VM's network link end to end under hardware KVM (run inside the nested rig by
 * {@link VmNetRigTest}, one L2 boot): a far end namespace with a TCP server in it, a guest
 * booted through {@link VmRuntime} with a {@link NetAttachment}, and from inside the guest:
 * Two VMs in turn, with checksum/TSO offloads (the default) and without ({@code net-offloads=off}),
 * each check suffixed {@code [offloads=on|off]}:
 * <ul>
 *   <li>{@code guest-address}: eth0 has the instance address /30;</li>
 *   <li>{@code link-facts}: the workload's environment names the link (virtio-net) and the
 *       offloads eth0 really has (tx-checksum and tso on or off, read by guest-init);</li>
 *   <li>{@code no-default-route}: the guest's only route is the link's own;</li>
 *   <li>{@code tcp-exchange}: {@value #BYTES} random bytes sent to the far end's server
 *       (found through ISOBENCH_NET_PEER) arrive intact: the server's count and SHA-256 come
 *       back and match the guest's;</li>
 *   <li>{@code no-route-elsewhere}: connecting to 198.19.255.1 or 10.0.0.1 fails (network
 *       unreachable);</li>
 *   <li>{@code counters}: the trial's VM stats count the frames both ways and no drop;</li>
 *   <li>{@code host-namespace-untouched}, {@code tap-removed}: the tap never showed up in
 *       L2's own namespace, and it is gone from the far end once the VM has ended.</li>
 * </ul>
 * Prints {@code ok NAME ...} or {@code FAIL NAME: why}, a rough throughput figure (TCG
 * emulation: not performance data), and exits with the number of failures.
 * Argument: the busybox root filesystem (its initramfs prepared on the host by the test).
 */
public final class VmNetChecks {
    static final String FAR = "198.18.0.1";
    static final String GUEST = "198.18.0.2";
    static final int PORT = 5001;
    /** The far end's second service: sends {@value #BYTES} random bytes, then closes. */
    static final int DOWNLOAD_PORT = 5002;
    static final int BYTES = 2 << 20;
    /** What the guest runs (busybox sh): everything it learns comes out as one line per fact. */
    static final String SCRIPT = String.join("\n",
            "P=$ISOBENCH_NET_PEER",
            "echo \"link: $ISOBENCH_NET_LINK $ISOBENCH_NET_OFFLOADS\"",
            "echo \"addr: $(ip -4 -o addr show dev eth0)\"",
            "echo \"routes: $(ip route | tr '\\n' ';')\"",
            "dd if=/dev/urandom of=/tmp/blob bs=64k count=" + (BYTES >> 16) + " 2>/dev/null",
            "echo \"sha: $(sha256sum /tmp/blob)\"",
            "nc $P " + PORT + " </tmp/blob >/tmp/reply; echo \"nc: $?\"",
            "echo \"reply: $(cat /tmp/reply)\"",
            "nc $P " + DOWNLOAD_PORT + " </dev/null >/tmp/down; echo \"download: $(wc -c </tmp/down) $(sha256sum /tmp/down)\"",
            "for a in 198.19.255.1 10.0.0.1; do",
            "  if nc -w 3 $a " + PORT + " </dev/null 2>/tmp/err; then echo \"other $a: REACHED\";",
            "  else echo \"other $a: failed $(cat /tmp/err)\"; fi",
            "done");
    static final List<String> COMMAND = List.of("/bin/busybox", "sh", "-c", SCRIPT);

    private static int failures;

    private VmNetChecks() {
    }

    interface C extends Library {
        C LIBC = Native.load("c", C.class);

        int open(String path, int flags);

        int setns(int fd, int nstype);

        int close(int fd);
    }

    public static void main(String[] args) throws Exception {
        Path rootfs = Path.of(args[0]);
        long pid = ProcessHandle.current().pid();
        String ns = "isobench-vmnet-" + pid;
        String hostLinksBefore = sh("ip -o link | cut -d: -f2");
        sh("ip netns add " + ns);
        try {
            Server server = Server.start(Path.of("/run/netns", ns));
            // Two VMs, one after the other, on the same far end: with offloads (the default) and without.
            boot(rootfs, ns, "ibvm" + pid % 100000 + "a", "on", server);
            boot(rootfs, ns, "ibvm" + pid % 100000 + "b", "off", server);
            check("host-namespace-untouched", sh("ip -o link | cut -d: -f2").equals(hostLinksBefore),
                    "L2's own interfaces: " + hostLinksBefore.replace('\n', ' '));
        } finally {
            sh("ip netns delete " + ns);
        }
        System.out.println(failures == 0 ? "vm net checks: all ok" : "vm net checks: " + failures + " failed");
        System.exit(failures);
    }

    /** One VM with the link; every check is named NAME[offloads=on|off]. */
    private static void boot(Path rootfs, String ns, String linkName, String offloads, Server server) throws Exception {
        String v = "[offloads=" + offloads + "]";
        NetAttachment link = new NetAttachment(Path.of("/run/netns", ns), GUEST, FAR, 30, linkName);
        Execution e;
        try (Cgroup cgroup = CgroupManager.open().create("vm-net-checks")) {
            e = new VmRuntime(KvmCalibrator::calibrate).execute(new Launch(rootfs, COMMAND,
                    Map.of(NetAttachment.PEER_ENV, FAR), new Limits(1.0, 512L << 20, null), cgroup,
                    null, Duration.ofSeconds(200), Stdio.CAPTURE, Map.of("net-offloads", offloads), link));
        }
        String out = e.stdout();
        System.out.println("--- guest stdout " + v + "\n" + out + "--- guest stderr\n" + e.stderr() + "---");
        String addr = line(out, "addr: ");
        check("guest-address" + v, addr.contains("inet " + GUEST + "/30"), addr);
        String facts = line(out, "link: ");
        check("link-facts" + v, facts.equals("virtio-net tx-checksum=" + offloads + ",tso=" + offloads),
                "ISOBENCH_NET_LINK and ISOBENCH_NET_OFFLOADS in the guest: " + facts);
        String routes = line(out, "routes: ");
        check("no-default-route" + v, routes.startsWith("198.18.0.0/30 dev eth0") && !routes.contains("default")
                && routes.split(";").length == 1, routes);
        String guestSha = line(out, "sha: ").split(" ")[0];
        String reply = line(out, "reply: ");
        check("tcp-exchange" + v, reply.equals("got " + BYTES + " " + guestSha) && server.received == BYTES,
                "guest sha256 " + guestSha + ", server replied '" + reply + "', nc " + line(out, "nc: "));
        String download = line(out, "download: ");
        check("tcp-download" + v, download.startsWith(BYTES + " " + server.sentSha + " "),
                "guest got '" + download + "', server sent " + BYTES + " bytes with sha256 " + server.sentSha);
        String other1 = line(out, "other 198.19.255.1: ");
        String other2 = line(out, "other 10.0.0.1: ");
        check("no-route-elsewhere" + v, other1.contains("Network is unreachable")
                && other2.contains("Network is unreachable"), "198.19.255.1: " + other1 + "; 10.0.0.1: " + other2);
        Map<String, Long> net = e.vm() == null ? Map.of() : e.vm().net();
        boolean offloadsListed = net.keySet().stream().anyMatch(k -> k.startsWith("offload."));
        // With offloads the far end's kernel hands the 2 MiB download over as TSO segments
        // larger than any plain frame; without, nothing exceeds MTU + Ethernet header.
        long largest = net.getOrDefault("rxMaxFrameBytes", 0L);
        check("frame-sizes" + v, offloads.equals("on") ? largest > 1514 : largest <= 1514 && largest > 0,
                "largest frame to the guest " + largest + " bytes, from it " + net.get("txMaxFrameBytes"));
        check("counters" + v, net.getOrDefault("txBytes", 0L) >= BYTES && net.getOrDefault("rxFrames", 0L) > 0
                && net.keySet().stream().noneMatch(k -> k.startsWith("drop."))
                && offloadsListed == offloads.equals("on"), net.toString());
        String farLinks = sh("ip -n " + ns + " -o link | cut -d: -f2").strip();
        check("tap-removed" + v, farLinks.equals("lo"), "far end's interfaces after the VM: " + farLinks);
        if (server.nanos > 0) {
            System.out.printf("figure tcp-stream%s %.1f Mbit/s (%d bytes in %.2f s, guest -> far end, %d frames out;"
                    + " nested TCG rig: not performance data)%n", v, BYTES * 8.0 / server.nanos * 1000, BYTES,
                    server.nanos / 1e9, net.getOrDefault("txFrames", 0L));
        }
        System.out.println("figure vm exits" + v + " " + (e.vm() == null ? "-" : e.vm().exits()) + ", failure "
                + e.failure());
    }

    /**
     * The far end's server, on a thread that entered the namespace (setns changes only the
     * calling thread): reads a connection to its end, answers {@code got COUNT SHA256}.
     */
    static final class Server {
        volatile long received;
        volatile long nanos;
        volatile String sentSha = "(nothing sent)";

        static Server start(Path netns) throws InterruptedException {
            Server s = new Server();
            CountDownLatch listening = new CountDownLatch(1);
            Thread t = new Thread(() -> s.serve(netns, listening), "far-end-server");
            t.setDaemon(true);
            t.start();
            if (!listening.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the far end's server did not start");
            }
            return s;
        }

        /** Each connection gets {@value #BYTES} fresh random bytes in 64 KiB writes, then EOF. */
        private void sendLoop(ServerSocket download) {
            java.util.Random random = new java.util.Random();
            while (true) {
                try (Socket c = download.accept()) {
                    MessageDigest sha = MessageDigest.getInstance("SHA-256");
                    OutputStream out = c.getOutputStream();
                    byte[] chunk = new byte[65536];
                    for (int sent = 0; sent < BYTES; sent += chunk.length) {
                        random.nextBytes(chunk);
                        sha.update(chunk);
                        out.write(chunk);
                    }
                    out.flush();
                    sentSha = HexFormat.of().formatHex(sha.digest());
                } catch (Exception e) {
                    System.out.println("download server: " + e);
                    return;
                }
            }
        }

        private void serve(Path netns, CountDownLatch listening) {
            int fd = C.LIBC.open(netns.toString(), 0);
            if (fd < 0 || C.LIBC.setns(fd, 0x40000000) != 0) {
                System.out.println("FAIL server: cannot enter " + netns);
                return;
            }
            C.LIBC.close(fd);
            try (ServerSocket server = new ServerSocket(); ServerSocket download = new ServerSocket()) {
                server.bind(new InetSocketAddress(PORT));
                download.bind(new InetSocketAddress(DOWNLOAD_PORT));
                Thread sender = new Thread(() -> sendLoop(download), "far-end-download");
                sender.setDaemon(true);
                sender.start();
                listening.countDown();
                while (true) {
                    try (Socket c = server.accept()) {
                        MessageDigest sha = MessageDigest.getInstance("SHA-256");
                        InputStream in = c.getInputStream();
                        byte[] buf = new byte[65536];
                        long n = 0;
                        long start = 0;
                        for (int r; (r = in.read(buf)) > 0; ) {
                            if (n == 0) {
                                start = System.nanoTime();
                            }
                            sha.update(buf, 0, r);
                            n += r;
                        }
                        nanos = System.nanoTime() - start;
                        received = n;
                        OutputStream out = c.getOutputStream();
                        out.write(("got " + n + " " + HexFormat.of().formatHex(sha.digest()) + "\n")
                                .getBytes(StandardCharsets.US_ASCII));
                        out.flush();
                    }
                }
            } catch (Exception e) {
                System.out.println("server: " + e);
            }
        }
    }

    private static String line(String out, String prefix) {
        for (String l : out.split("\n")) {
            if (l.startsWith(prefix)) {
                return l.substring(prefix.length()).strip();
            }
        }
        return "(no '" + prefix.strip() + "' line)";
    }

    private static String sh(String command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("sh", "-c", command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException(command + " failed: " + out);
        }
        return out;
    }

    private static void check(String name, boolean ok, String detail) {
        if (ok) {
            System.out.println("ok " + name + " (" + detail + ")");
        } else {
            failures++;
            System.out.println("FAIL " + name + ": " + detail);
        }
    }
}
