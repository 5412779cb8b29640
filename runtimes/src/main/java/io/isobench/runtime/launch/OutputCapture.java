package io.isobench.runtime.launch;

import java.io.IOException;
import java.io.InputStream;

/**
 * Drains one of a child's output streams on its own thread (both streams must be read
 * concurrently, or a child filling one pipe blocks forever) into a {@link KeptOutput}.
 */
final class OutputCapture implements Runnable {
    private final InputStream in;
    private final KeptOutput kept;
    private final Thread thread;

    OutputCapture(InputStream in, int limit, String name) {
        this.in = in;
        this.kept = new KeptOutput(limit);
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
                kept.write(buf, 0, n);
            }
        } catch (IOException e) {
            // The stream closes when the process is destroyed; what was read so far counts.
        }
    }

    /** Waits (bounded) for the stream's end and returns the kept text. */
    String text(long waitMillis) {
        try {
            thread.join(waitMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return kept.text();
    }
}
