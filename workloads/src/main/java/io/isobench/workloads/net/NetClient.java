package io.isobench.workloads.net;

import io.isobench.workloads.Length;
import io.isobench.workloads.MetricValue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The client side of the net workloads, run inside the runtime under test against the far
 * end's {@link NetServer} at {@code $ISOBENCH_NET_PEER}. Each runs a short warm-up, then
 * measures for a fixed time, the shapes of netperf's tests:
 * <ul>
 *   <li>{@code net.tcp-stream}: one connection, 128 KiB writes as fast as the link takes them
 *       → {@code throughput} Gbit/s and the client's {@code cpu-per-gb} (ms of CPU per GB,
 *       from /proc/self/stat, which reads the same in every runtime);</li>
 *   <li>{@code net.tcp-rr}: one connection, 1-byte request, 1-byte response, one after the
 *       other → {@code rate} round trips/s, {@code p50} and {@code p99} latency us (microseconds; the wire is ASCII under LANG=C);</li>
 *   <li>{@code net.tcp-crr}: connect, 1-byte request/response, close, again and again →
 *       {@code rate} connections/s.</li>
 * </ul>
 * Every trial also records what the link was: {@code link-<kind>} (1) from
 * {@code $ISOBENCH_NET_LINK}, and {@code offload-tx-checksum}, {@code offload-tso} (1 on,
 * 0 off) from {@code $ISOBENCH_NET_OFFLOADS}, set by the runtime, so two reports made on
 * differently configured links can be told apart.
 */
public final class NetClient {
    public static final String PEER_ENV = "ISOBENCH_NET_PEER";
    /** The server's port when not {@link NetServer#DEFAULT_PORT} (tests and tools against a server of their own). */
    public static final String PORT_ENV = "ISOBENCH_NET_PORT";
    static final String LINK_ENV = "ISOBENCH_NET_LINK";
    static final String OFFLOADS_ENV = "ISOBENCH_NET_OFFLOADS";
    static final int WRITE_SIZE = 128 * 1024;

    private final InetSocketAddress server;
    private final long warmupNs;
    private final long measureNs;
    private final ByteBuffer crr = ByteBuffer.allocateDirect(2);

    NetClient(InetSocketAddress server, long warmupNs, long measureNs) {
        this.server = server;
        this.warmupNs = warmupNs;
        this.measureNs = measureNs;
    }

    /** {@code java -jar workloads.jar net.X [--quick|--thorough]}; returns the exit code. */
    public static int main(String[] args, Map<String, String> env) {
        String id = args[0];
        Length length = Length.NORMAL;
        for (int i = 1; i < args.length; i++) {
            if (Length.ofFlag(args[i]) != null) {
                length = Length.ofFlag(args[i]);
            } else {
                System.err.println("workloads: unexpected argument '" + args[i] + "' for " + id);
                return 2;
            }
        }
        String peer = env.get(PEER_ENV);
        if (peer == null || peer.isBlank()) {
            System.err.println("workloads: " + id + " needs the server's address in " + PEER_ENV
                    + " (isobench sets it when it runs a net workload)");
            return 2;
        }
        int port = NetServer.DEFAULT_PORT;
        String portText = env.get(PORT_ENV);
        if (portText != null) {
            if (!portText.matches("\\d{1,5}") || Integer.parseInt(portText) == 0 || Integer.parseInt(portText) > 65535) {
                System.err.println("workloads: " + PORT_ENV + " must be a port number 1-65535, not '" + portText + "'");
                return 2;
            }
            port = Integer.parseInt(portText);
        }
        // Warm-up, then measured time: the same proportions as the JMH workloads' lengths.
        long[] ns = switch (length) {
            case QUICK -> new long[]{300_000_000L, 1_000_000_000L};
            case NORMAL -> new long[]{500_000_000L, 3_000_000_000L};
            case THOROUGH -> new long[]{2_000_000_000L, 10_000_000_000L};
        };
        NetClient client = new NetClient(new InetSocketAddress(peer, port), ns[0], ns[1]);
        List<MetricValue> metrics;
        try {
            metrics = switch (id) {
                case "net.tcp-stream" -> client.stream();
                case "net.tcp-rr" -> client.requestResponse();
                case "net.tcp-crr" -> client.connectRequestResponse();
                default -> null;
            };
        } catch (IOException e) {
            System.err.println("workloads: " + id + " failed: " + e.getMessage() + " (server " + peer + ":" + port + ")");
            return 1;
        }
        if (metrics == null) {
            System.err.println("workloads: unknown net workload '" + id + "'");
            return 2;
        }
        for (MetricValue m : metrics) {
            System.out.println(m.line());
        }
        for (MetricValue m : linkFacts(env)) {
            System.out.println(m.line());
        }
        return 0;
    }

    /**
     * A blocking channel: with a direct buffer a write goes from that buffer straight to the
     * kernel, as iperf3's and netperf's do, where a {@code Socket} stream copies the bytes
     * from the heap first (measured in quick runs on the 2-core development VM: 13-17 Gbit/s
     * with Socket streams, 21-22 with channels, iperf3 22.7).
     */
    private SocketChannel connect(char mode) throws IOException {
        SocketChannel s = SocketChannel.open();
        // Request/response must not wait for Nagle; a bulk stream keeps it, as iperf3 and
        // netperf's TCP_STREAM do (with NODELAY each write's partial last segment goes alone).
        s.setOption(StandardSocketOptions.TCP_NODELAY, mode != 'S');
        s.socket().connect(server, 10_000);
        if (mode != 0) {
            writeFully(s, ByteBuffer.allocateDirect(1).put((byte) mode).flip());
        }
        return s;
    }

    private static void writeFully(SocketChannel s, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            s.write(b);
        }
    }

    List<MetricValue> stream() throws IOException {
        ByteBuffer buf = ByteBuffer.allocateDirect(WRITE_SIZE);
        while (buf.hasRemaining()) {
            buf.put((byte) 'x');
        }
        try (SocketChannel s = connect('S')) {
            long start = System.nanoTime();
            while (System.nanoTime() - start < warmupNs) {
                writeFully(s, buf.clear());
            }
            long cpu0 = cpuTimeNs();
            long t0 = System.nanoTime();
            long bytes = 0;
            long now;
            do {
                writeFully(s, buf.clear());
                bytes += WRITE_SIZE;
                now = System.nanoTime();
            } while (now - t0 < measureNs);
            long cpu = cpuTimeNs() - cpu0;
            double seconds = (now - t0) / 1e9;
            double gb = bytes / 1e9;
            List<MetricValue> m = new ArrayList<>();
            m.add(new MetricValue("throughput", bytes * 8 / seconds / 1e9, "Gbit/s", null, true));
            if (cpu >= 0) {
                m.add(new MetricValue("cpu-per-gb", cpu / 1e6 / gb, "ms/GB", null, false));
            }
            return m;
        }
    }

    List<MetricValue> requestResponse() throws IOException {
        try (SocketChannel s = connect('R')) {
            ByteBuffer b = ByteBuffer.allocateDirect(1);
            long start = System.nanoTime();
            while (System.nanoTime() - start < warmupNs) {
                roundTrip(s, b);
            }
            long[] samples = new long[1 << 16];
            int n = 0;
            long t0 = System.nanoTime();
            long last = t0;
            while (last - t0 < measureNs) {
                roundTrip(s, b);
                long now = System.nanoTime();
                if (n == samples.length) {
                    samples = Arrays.copyOf(samples, n * 2);
                }
                samples[n++] = now - last;
                last = now;
            }
            Arrays.sort(samples, 0, n);
            double seconds = (last - t0) / 1e9;
            return List.of(new MetricValue("rate", n / seconds, "round trips/s", null, true),
                    new MetricValue("p50", percentile(samples, n, 0.50) / 1e3, "us", null, false),
                    new MetricValue("p99", percentile(samples, n, 0.99) / 1e3, "us", null, false));
        }
    }

    private static void roundTrip(SocketChannel s, ByteBuffer b) throws IOException {
        b.clear().put((byte) 'r').flip();
        writeFully(s, b);
        b.clear();
        if (s.read(b) < 0) {
            throw new IOException("the server closed the connection");
        }
    }

    List<MetricValue> connectRequestResponse() throws IOException {
        long start = System.nanoTime();
        while (System.nanoTime() - start < warmupNs) {
            oneConnection();
        }
        long n = 0;
        long t0 = System.nanoTime();
        long now;
        do {
            oneConnection();
            n++;
            now = System.nanoTime();
        } while (now - t0 < measureNs);
        return List.of(new MetricValue("rate", n / ((now - t0) / 1e9), "connections/s", null, true));
    }

    private void oneConnection() throws IOException {
        try (SocketChannel s = connect((char) 0)) {
            // Mode and request in one segment: the request is what the server answers.
            crr.clear().put((byte) 'C').put((byte) 'q').flip();
            writeFully(s, crr);
            crr.clear();
            if (s.read(crr) < 0) {
                throw new IOException("the server closed the connection before answering");
            }
            // The server closes first; wait for its FIN so the next connect starts clean.
            crr.clear();
            while (s.read(crr) >= 0) {
                crr.clear();
            }
        }
    }

    /** Nearest-rank percentile of the first n sorted values. */
    static double percentile(long[] sorted, int n, double p) {
        if (n == 0) {
            throw new IllegalStateException("no samples");
        }
        int rank = (int) Math.ceil(p * n);
        return sorted[Math.max(0, Math.min(n - 1, rank - 1))];
    }

    /** This process's user+system CPU time from /proc/self/stat, or -1 when unreadable. */
    static long cpuTimeNs() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
            return ticks * 10_000_000L; // USER_HZ is 100 on every Linux ABI
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** The link kind and offloads the runtime told us about, as metrics (1 = yes/on). */
    static List<MetricValue> linkFacts(Map<String, String> env) {
        List<MetricValue> m = new ArrayList<>();
        String link = env.get(LINK_ENV);
        if (link != null && link.matches("[a-z0-9-]{1,32}")) {
            m.add(new MetricValue("link-" + link, 1, "flag", null, true));
        }
        String offloads = env.get(OFFLOADS_ENV);
        if (offloads != null) {
            for (String kv : offloads.split(",")) {
                String[] p = kv.split("=", 2);
                if (p.length == 2 && (p[1].equals("on") || p[1].equals("off")) && p[0].matches("[a-z-]{1,32}")) {
                    m.add(new MetricValue("offload-" + p[0], p[1].equals("on") ? 1 : 0, "flag", null, true));
                }
            }
        }
        return m;
    }
}
