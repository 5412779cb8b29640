package io.isobench.runtime.vm.console;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.LongSupplier;

/**
 * The workload's stdout on its way from the guest to the host, with its "ready" line moved
 * onto the host's clock. A workload stamps {@code @@isobench ready <nanoTime>} with its own
 * CLOCK_MONOTONIC; in a VM that is the guest's clock, which started at guest boot and
 * means nothing on the host's timeline. So the line's number is replaced by the host's
 * {@link System#nanoTime()} (CLOCK_MONOTONIC, the launcher's clock) at the moment the line
 * arrives from the guest: "ready" then means "the host learnt the workload was ready",
 * which lags the guest's instant by the serial transfer of one short line. Every other
 * byte passes through unchanged.
 */
public final class ReadyLineRestamp extends OutputStream {
    /** Same text as {@code io.isobench.workloads.WorkloadOutput.READY} (runtimes does not depend on workloads). */
    static final byte[] READY = "@@isobench ready ".getBytes(StandardCharsets.US_ASCII);
    /**
     * The longest line held back: the prefix, a nanoTime (at most 20 characters) and some slack.
     * A line that starts like a ready line but runs on is passed through from here on, so a guest
     * writing the prefix and then megabytes without a newline costs this much memory, not that much.
     */
    static final int MAX_HELD = READY.length + 64;

    private final OutputStream out;
    private final LongSupplier clock;
    /** The current line while it may still turn out to be a ready line. */
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
    private boolean passingLine;

    public ReadyLineRestamp(OutputStream out, LongSupplier clock) {
        this.out = out;
        this.clock = clock;
    }

    @Override
    public void write(int b) throws IOException {
        if (passingLine) {
            out.write(b);
            passingLine = b != '\n';
            return;
        }
        pending.write(b);
        byte[] line = pending.toByteArray();
        int n = line.length;
        boolean prefixSoFar = n <= READY.length && java.util.Arrays.equals(line, 0, n, READY, 0, n);
        if (b == '\n') {
            if (n > READY.length && java.util.Arrays.equals(line, 0, READY.length, READY, 0, READY.length)) {
                out.write(READY);
                out.write(Long.toString(clock.getAsLong()).getBytes(StandardCharsets.US_ASCII));
                out.write('\n');
            } else {
                out.write(line);
            }
            pending.reset();
        } else if (!prefixSoFar && n <= READY.length || n >= MAX_HELD) {
            // Not a ready line: stop holding it back.
            out.write(line);
            pending.reset();
            passingLine = true;
        }
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        int end = off + len;
        int i = off;
        while (i < end) {
            if (passingLine) {
                // The rest of a line that is no ready line leaves in one write, not byte by byte.
                int stop = i;
                while (stop < end && b[stop] != '\n') {
                    stop++;
                }
                passingLine = stop == end;
                int n = Math.min(stop + 1, end) - i;
                out.write(b, i, n);
                i += n;
            } else {
                write(b[i++]);
            }
        }
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    /** Writes a held-back partial line as it is. */
    @Override
    public void close() throws IOException {
        out.write(pending.toByteArray());
        pending.reset();
        out.close();
    }
}
