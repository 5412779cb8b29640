package io.isobench.workloads.net;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/**
 * The server side of the net workloads, run once per isobench run in the far end's network
 * namespace ({@code java -jar workloads.jar net-server [--port N]}), the same program whatever
 * runtime the client runs in. Each connection starts with one mode byte:
 * <ul>
 *   <li>{@code S} stream: read and discard until the client closes (netperf TCP_STREAM);</li>
 *   <li>{@code R} request/response: echo every byte back at once (TCP_RR);</li>
 *   <li>{@code C} connect/request/response/close: read one request byte, answer one byte and
 *       close first (TCP_CRR). Handled on the accepting thread, as netserver does, so the
 *       cost per connection is the network stack's, not a thread start's; closing first
 *       leaves the TIME_WAIT state in the far end, not in the runtime under test.</li>
 * </ul>
 * Prints {@link #LISTENING} once it accepts connections; runs until killed. Blocking NIO with
 * direct buffers, like the client: {@code java.net.Socket} streams copy every byte once more
 * between the heap and a native buffer, a cost iperf3 and netperf do not have.
 */
public final class NetServer {
    public static final int DEFAULT_PORT = 7100;
    /** Same text as {@code io.isobench.runtime.net.FarEnd.LISTENING}. */
    public static final String LISTENING = "@@isobench listening";
    /**
     * The stream sink's read size: 128 KiB, iperf3's (its server reads its block size, 128 KiB
     * for TCP). On the loaded development VM a receiver reading 256 KiB fell behind, then paid
     * 2-3x the CPU per GB from its long queue (a C sink alike, so not Java) and stayed behind,
     * the sender waiting for window: tcp-stream measured about half of iperf3. On an idle host
     * both sizes agree with iperf3; 128 KiB keeps it so under load too (docs/network.md).
     */
    static final int STREAM_BUFFER = 128 * 1024;

    private NetServer() {
    }

    /** Returns only on a bad argument (exit code 2); otherwise serves until killed. */
    public static int main(String[] args) {
        int port = DEFAULT_PORT;
        for (int i = 1; i < args.length; i++) {
            if (args[i].equals("--port") && i + 1 < args.length && args[i + 1].matches("\\d{1,5}")) {
                port = Integer.parseInt(args[++i]);
            } else {
                System.err.println("net-server: unexpected argument '" + args[i] + "'; usage: net-server [--port N]");
                return 2;
            }
        }
        try (ServerSocketChannel server = ServerSocketChannel.open()) {
            server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            server.bind(new InetSocketAddress(port), 1024);
            System.out.println(LISTENING + " " + port);
            System.out.flush();
            while (true) {
                SocketChannel s = server.accept();
                try {
                    serve(s);
                } catch (IOException e) {
                    closeQuietly(s);
                }
            }
        } catch (IOException e) {
            System.err.println("net-server: " + e.getMessage());
            return 1;
        }
    }

    private static void serve(SocketChannel s) throws IOException {
        s.setOption(StandardSocketOptions.TCP_NODELAY, true);
        // The first bytes are read with a timeout (the socket adaptor's stream honours it, a
        // channel does not): a client killed right after connecting must not stall the
        // accepting thread, and with it every later connection, for ever.
        s.socket().setSoTimeout(10_000);
        InputStream in = s.socket().getInputStream();
        int mode = in.read();
        switch (mode) {
            case 'C' -> {
                // The request byte came in the same segment as the mode.
                int request = in.read();
                if (request >= 0) {
                    s.write(ByteBuffer.wrap(new byte[]{(byte) request}));
                }
                s.close();
            }
            case 'S', 'R' -> {
                Thread t = new Thread(() -> {
                    try {
                        if (mode == 'S') {
                            drain(s);
                        } else {
                            echo(s);
                        }
                    } catch (IOException e) {
                        // the client went away: its connection is done
                    } finally {
                        closeQuietly(s);
                    }
                }, "net-server-" + (char) mode);
                t.setDaemon(true);
                t.start();
            }
            default -> s.close();
        }
    }

    private static void drain(SocketChannel s) throws IOException {
        ByteBuffer buf = ByteBuffer.allocateDirect(STREAM_BUFFER);
        while (s.read(buf.clear()) >= 0) {
            // discard
        }
    }

    private static void echo(SocketChannel s) throws IOException {
        ByteBuffer b = ByteBuffer.allocateDirect(1);
        while (s.read(b.clear()) >= 0) {
            s.write(b.flip());
        }
    }

    private static void closeQuietly(SocketChannel s) {
        try {
            s.close();
        } catch (IOException e) {
            // nothing left to do
        }
    }
}
