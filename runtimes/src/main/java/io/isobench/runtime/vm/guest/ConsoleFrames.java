package io.isobench.runtime.vm.guest;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Decodes the workload's output as guest-init frames it on COM2 (src/main/c/guest-init/frames.c):
 * each frame is one byte stream id (1 stdout, 2 stderr), two bytes length little-endian
 * (at most {@value #MAX_DATA}) and that many data bytes; a frame of length 0 ends its stream.
 * Kernel messages go to COM1 only, so every byte on COM2 belongs to a frame: anything else
 * is corruption and is reported, never guessed around.
 *
 * <p>Streaming: feed bytes in any chunking as they arrive from the UART; data is written to
 * the two sinks as soon as it is decoded (a sink is flushed when its stream ends, never
 * closed). Not thread-safe: one serial device feeds one decoder.
 */
public final class ConsoleFrames {
    public static final int STDOUT = 1;
    public static final int STDERR = 2;
    public static final int MAX_DATA = 4096;

    /** The bytes on COM2 are not a valid frame sequence. */
    public static final class CorruptFrameException extends IOException {
        CorruptFrameException(String message) {
            super(message);
        }
    }

    private enum State { STREAM, LENGTH_LOW, LENGTH_HIGH, DATA }

    private final OutputStream stdout;
    private final OutputStream stderr;
    private final boolean[] ended = new boolean[3];
    private State state = State.STREAM;
    private int stream;
    private int remaining;
    private long offset;
    private long frameStart;
    private CorruptFrameException broken;

    public ConsoleFrames(OutputStream stdout, OutputStream stderr) {
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /** Decodes one byte. */
    public void feed(int b) throws IOException {
        feed(new byte[]{(byte) b}, 0, 1);
    }

    /**
     * Decodes {@code len} bytes.
     *
     * @throws CorruptFrameException when they do not continue a valid frame sequence (and on
     *                               every call after that)
     * @throws IOException           when a sink fails
     */
    public void feed(byte[] buf, int off, int len) throws IOException {
        if (broken != null) {
            throw broken;
        }
        int end = off + len;
        int i = off;
        while (i < end) {
            switch (state) {
                case STREAM -> {
                    frameStart = offset;
                    stream = buf[i] & 0xff;
                    if (stream != STDOUT && stream != STDERR) {
                        throw corrupt(String.format("stream id 0x%02x (expected 1 or 2)", stream));
                    }
                    if (ended[stream]) {
                        throw corrupt("a frame for " + name(stream) + " after its end-of-stream frame");
                    }
                    state = State.LENGTH_LOW;
                    i++;
                    offset++;
                }
                case LENGTH_LOW -> {
                    remaining = buf[i] & 0xff;
                    state = State.LENGTH_HIGH;
                    i++;
                    offset++;
                }
                case LENGTH_HIGH -> {
                    remaining |= (buf[i] & 0xff) << 8;
                    i++;
                    offset++;
                    if (remaining > MAX_DATA) {
                        throw corrupt("length " + remaining + " (at most " + MAX_DATA + ")");
                    }
                    if (remaining == 0) {
                        ended[stream] = true;
                        sink(stream).flush();
                        state = State.STREAM;
                    } else {
                        state = State.DATA;
                    }
                }
                case DATA -> {
                    int n = Math.min(remaining, end - i);
                    sink(stream).write(buf, i, n);
                    remaining -= n;
                    i += n;
                    offset += n;
                    if (remaining == 0) {
                        state = State.STREAM;
                    }
                }
            }
        }
    }

    /** Whether {@code stream} ({@link #STDOUT} or {@link #STDERR}) has received its end frame. */
    public boolean ended(int stream) {
        return stream >= 1 && stream <= 2 && ended[stream];
    }

    /** Both streams ended, nothing half-received. */
    public boolean complete() {
        return ended[STDOUT] && ended[STDERR] && state == State.STREAM;
    }

    /**
     * Called when COM2 has no more bytes (the VM is gone): flushes both sinks and fails when
     * the guest stopped in the middle of a frame or before ending both streams (a crash or a
     * timeout truncated the output).
     */
    public void finish() throws IOException {
        stdout.flush();
        stderr.flush();
        if (broken != null) {
            throw broken;
        }
        if (state != State.STREAM) {
            throw new CorruptFrameException("the workload's output ends inside the frame that starts at byte "
                    + frameStart + " of COM2 (" + remaining + " data bytes missing)");
        }
        if (!complete()) {
            throw new CorruptFrameException("the workload's output ends before the end of "
                    + (ended[STDOUT] ? "stderr" : ended[STDERR] ? "stdout" : "stdout and stderr"));
        }
    }

    /** Bytes of COM2 decoded so far. */
    public long offset() {
        return offset;
    }

    private OutputStream sink(int s) {
        return s == STDOUT ? stdout : stderr;
    }

    private static String name(int s) {
        return s == STDOUT ? "stdout" : "stderr";
    }

    private CorruptFrameException corrupt(String what) {
        broken = new CorruptFrameException("corrupt frame at byte " + frameStart + " of the workload's output"
                + " on COM2: " + what);
        return broken;
    }
}
