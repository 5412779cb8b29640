package io.isobench.runtime.vm.devices.serial;

import java.io.IOException;
import java.io.OutputStream;

/**
 * A UART's way out to the host: a ring of fixed size that a thread of its own drains into the
 * sink (the console log, the workload's stdout pipe). A vCPU only ever copies a byte into the
 * ring, so whoever reads the guest's output on the host cannot stop a vCPU by not reading:
 * when the ring is full the byte is dropped and counted, and the UART shows its transmitter
 * busy ({@link #room}) so that a guest honouring flow control (Linux's tty layer) waits in
 * the guest instead of losing bytes. Memory is the ring plus one chunk, however much the
 * guest writes.
 */
public final class TransmitBuffer {
    /** The ring's size: a Linux boot's whole console is about as much. */
    public static final int CAPACITY = 64 * 1024;
    /** How long {@link #finish} waits for a sink that takes nothing before giving up on it. */
    public static final long QUIET_LIMIT_MILLIS = 1_000;
    private static final int CHUNK = 4096;

    /** What happened to the bytes the guest transmitted. */
    public record Counts(long delivered, long dropped, long lost, long undelivered) {
    }

    private final OutputStream sink;
    private final byte[] ring;
    private int head;
    private int size;
    private int inFlight;
    private long delivered;
    private long dropped;
    private long lost;
    private boolean sinkFailed;
    private boolean ending;
    private int roomWanted;
    private Runnable onRoom = () -> { };

    /** Starts the draining thread (a daemon: a sink blocked for ever must not keep the JVM alive). */
    public TransmitBuffer(String name, OutputStream sink, int capacity) {
        if (capacity < CHUNK) {
            throw new IllegalArgumentException("a transmit buffer holds at least " + CHUNK + " bytes");
        }
        this.sink = sink;
        this.ring = new byte[capacity];
        Thread t = new Thread(this::drain, name + "-out");
        t.setDaemon(true);
        t.start();
    }

    /** Who is told, on the draining thread and without this buffer's lock, that room asked for in {@link #room} is there. */
    public synchronized void onRoom(Runnable listener) {
        onRoom = listener;
    }

    /** vCPU side: queues one byte, or drops and counts it when the ring is full. Never waits. */
    public synchronized boolean offer(byte b) {
        if (size == ring.length || ending) {
            dropped++;
            return false;
        }
        ring[(head + size) % ring.length] = b;
        size++;
        if (size == 1) {
            notifyAll();
        }
        return true;
    }

    /** Whether {@code bytes} fit now; when not, the room listener runs once they do. */
    public synchronized boolean room(int bytes) {
        if (ring.length - size >= bytes) {
            return true;
        }
        roomWanted = bytes;
        return false;
    }

    private void drain() {
        byte[] chunk = new byte[CHUNK];
        while (true) {
            int n;
            boolean failed;
            synchronized (this) {
                while (size == 0 && !ending) {
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (size == 0) {
                    return;
                }
                n = Math.min(Math.min(size, CHUNK), ring.length - head);
                System.arraycopy(ring, head, chunk, 0, n);
                head = (head + n) % ring.length;
                size -= n;
                inFlight = n;
                failed = sinkFailed;
            }
            boolean written = !failed && write(chunk, n);
            Runnable wake = null;
            synchronized (this) {
                inFlight = 0;
                if (written) {
                    delivered += n;
                } else {
                    sinkFailed = true;
                    lost += n;
                }
                if (roomWanted > 0 && ring.length - size >= roomWanted && !ending) {
                    roomWanted = 0;
                    wake = onRoom;
                }
                notifyAll();
            }
            if (wake != null) {
                try {
                    wake.run();
                } catch (RuntimeException e) {
                    // The VM is going away (its interrupt line closed): nobody is left to wake.
                }
            }
        }
    }

    private boolean write(byte[] chunk, int n) {
        try {
            sink.write(chunk, 0, n);
            synchronized (this) {
                if (size > 0) {
                    return true;
                }
            }
            sink.flush();  // caught up: what the guest wrote leaves now, not with the next load
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /**
     * The VM has stopped: takes no more bytes, waits while the sink still takes what is queued,
     * gives up after {@link #QUIET_LIMIT_MILLIS} without progress (a host that stopped reading),
     * and says what became of every byte. A sink that gave up keeps its draining thread blocked;
     * it is a daemon and holds only this buffer.
     */
    public synchronized Counts finish(long quietLimitMillis) throws InterruptedException {
        ending = true;
        notifyAll();
        long lastProgress = System.nanoTime();
        long seen = delivered + lost;
        while (size + inFlight > 0) {
            long waited = (System.nanoTime() - lastProgress) / 1_000_000;
            if (waited >= quietLimitMillis) {
                break;
            }
            wait(quietLimitMillis - waited);
            if (delivered + lost != seen) {
                seen = delivered + lost;
                lastProgress = System.nanoTime();
            }
        }
        return counts();
    }

    public synchronized Counts counts() {
        return new Counts(delivered, dropped, lost, size + inFlight);
    }
}
