package io.isobench.runtime.launch;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The workload's stdout or stderr as the harness keeps it, whoever runs it (the launcher's
 * pipes through {@link OutputCapture}, QEMU's serial port in {@code vm:qemu}): the first
 * {@code limit} bytes, then only lines starting with the protocol prefix, so metrics printed
 * after a flood of output are never lost, plus a note of what was dropped.
 */
public final class KeptOutput extends OutputStream {
    private static final byte[] KEEP_PREFIX = "@@isobench ".getBytes(StandardCharsets.US_ASCII);
    private static final int MAX_LINE = 64 * 1024;

    private final int limit;
    private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private long dropped;

    public KeptOutput(int limit) {
        this.limit = limit;
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
        for (int i = off; i < off + len; i++) {
            write(b[i]);
        }
    }

    @Override
    public synchronized void write(int b) {
        if (line.size() < MAX_LINE) {
            line.write(b);
        } else {
            dropped++;
        }
        if (b == '\n') {
            flushLine();
        }
    }

    private void flushLine() {
        byte[] l = line.toByteArray();
        if (l.length == 0) {
            return;
        }
        if (kept.size() + l.length <= limit || startsWithPrefix(l)) {
            kept.writeBytes(l);
        } else {
            dropped += l.length;
        }
        line.reset();
    }

    private static boolean startsWithPrefix(byte[] l) {
        return l.length >= KEEP_PREFIX.length && java.util.Arrays.equals(l, 0, KEEP_PREFIX.length, KEEP_PREFIX, 0,
                KEEP_PREFIX.length);
    }

    /** What was kept, the partial last line included, with the note of what was not. */
    public synchronized String text() {
        flushLine();
        String s = kept.toString(StandardCharsets.UTF_8);
        return dropped > 0 ? s + "\n[isobench: " + dropped + " bytes of output not kept]\n" : s;
    }
}
