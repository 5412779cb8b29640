package io.isobench.runtime.launch;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Drains one of a child's output streams on its own thread (both streams must be read
 * concurrently, or a child filling one pipe blocks forever) and keeps a bounded copy: the
 * first {@code limit} bytes, plus every later line that starts with the workload protocol
 * prefix (so metrics printed after a flood of output are never lost), plus a note of how
 * much was dropped.
 */
final class OutputCapture implements Runnable {
    private static final byte[] KEEP_PREFIX = "@@isobench ".getBytes(StandardCharsets.US_ASCII);
    private static final int MAX_LINE = 64 * 1024;

    private final InputStream in;
    private final int limit;
    private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private long dropped;
    private final Thread thread;

    OutputCapture(InputStream in, int limit, String name) {
        this.in = in;
        this.limit = limit;
        this.thread = new Thread(this, name);
        this.thread.setDaemon(true);
    }

    OutputCapture start() {
        thread.start();
        return this;
    }

    @Override
    public void run() {
        byte[] buf = new byte[16 * 1024];
        try (in) {
            int n;
            while ((n = in.read(buf)) > 0) {
                accept(buf, n);
            }
        } catch (IOException e) {
            // The stream closes when the process is destroyed; what was read so far counts.
        }
        synchronized (this) {
            flushLine();
        }
    }

    private synchronized void accept(byte[] buf, int n) {
        for (int i = 0; i < n; i++) {
            byte b = buf[i];
            if (line.size() < MAX_LINE) {
                line.write(b);
            } else {
                dropped++;
            }
            if (b == '\n') {
                flushLine();
            }
        }
    }

    private void flushLine() {
        if (line.size() == 0) {
            return;
        }
        if (kept.size() + line.size() <= limit || startsWithPrefix(line.toByteArray())) {
            kept.writeBytes(line.toByteArray());
        } else {
            dropped += line.size();
        }
        line.reset();
    }

    private static boolean startsWithPrefix(byte[] bytes) {
        if (bytes.length < KEEP_PREFIX.length) {
            return false;
        }
        for (int i = 0; i < KEEP_PREFIX.length; i++) {
            if (bytes[i] != KEEP_PREFIX[i]) {
                return false;
            }
        }
        return true;
    }

    /** Waits (bounded) for the stream's end and returns the kept text. */
    String text(long waitMillis) {
        try {
            thread.join(waitMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            String s = kept.toString(StandardCharsets.UTF_8);
            if (dropped > 0) {
                s += "\n[isobench: " + dropped + " bytes of output not kept]\n";
            }
            return s;
        }
    }
}
