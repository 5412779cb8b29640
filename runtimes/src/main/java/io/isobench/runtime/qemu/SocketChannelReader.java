package io.isobench.runtime.qemu;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;

/**
 * One of QEMU's character devices as a Unix socket this process listens on: QEMU connects to
 * it as it starts ({@code -chardev socket,path=...}), and every byte the guest writes to the
 * device arrives here, on a thread of its own, handed to {@link Sink} as it comes (so that an
 * arrival can be timestamped). A socket rather than a file: nothing is polled, and the end of
 * QEMU is the end of the stream. A QEMU that never connects (it failed first) is no hang:
 * {@link #close()} ends the wait.
 */
final class SocketChannelReader implements AutoCloseable {
    /** Receives the bytes in arrival order; called on the reader's thread only. */
    interface Sink {
        void accept(byte[] buf, int len) throws IOException;
    }

    private final ServerSocketChannel server;
    private final Thread thread;
    private volatile String problem;

    private SocketChannelReader(ServerSocketChannel server, Sink sink, String name) {
        this.server = server;
        this.thread = new Thread(() -> drain(sink), name);
        this.thread.setDaemon(true);
    }

    static SocketChannelReader listen(Path socket, Sink sink, String name) throws IOException {
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            server.bind(UnixDomainSocketAddress.of(socket));
        } catch (IOException e) {
            server.close();
            throw e;
        }
        SocketChannelReader r = new SocketChannelReader(server, sink, name);
        r.thread.start();
        return r;
    }

    private void drain(Sink sink) {
        try (SocketChannel c = server.accept()) {
            ByteBuffer buf = ByteBuffer.allocate(16 * 1024);
            int n;
            while ((n = c.read(buf)) >= 0) {
                sink.accept(buf.array(), n);
                buf.clear();
            }
        } catch (java.nio.channels.AsynchronousCloseException closed) {
            // closed before QEMU connected or while it was still connected: what arrived counts
        } catch (IOException e) {
            problem = e.getMessage();
        }
    }

    /** Waits up to {@code millis} for QEMU's end of the stream (QEMU has exited by then). */
    void awaitEnd(long millis) {
        try {
            thread.join(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A failure of the channel itself (not a guest's fault), or null. */
    String problem() {
        return problem;
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException ignored) {
            // nothing left to do with it
        }
        thread.interrupt();
        awaitEnd(2000);
    }
}
