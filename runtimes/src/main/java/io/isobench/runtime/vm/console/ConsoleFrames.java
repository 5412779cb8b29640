package io.isobench.runtime.vm.console;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Demultiplexes the workload's output channel (COM2), which guest-init writes as frames:
 * <pre>
 *   [stream: 1 byte, 1 = stdout, 2 = stderr][length: u16 little-endian][length bytes]
 * </pre>
 * A frame of length 0 ends its stream. Only guest-init writes to COM2 (the kernel's
 * console is COM1), so kernel messages can never land inside the workload's output; the
 * framing keeps stdout and stderr apart over one wire. Bytes that break the format (an
 * unknown stream, an over-long frame) stop the decoding with {@link #corruption()} set:
 * the guest is not trusted to be well-behaved.
 */
public final class ConsoleFrames extends OutputStream {
    public static final int STDOUT = 1;
    public static final int STDERR = 2;
    public static final int MAX_FRAME = 4096;

    private final OutputStream stdout;
    private final OutputStream stderr;
    private final byte[] header = new byte[3];
    private int headerFill;
    private int remaining;
    private OutputStream current;
    private boolean stdoutEnded;
    private boolean stderrEnded;
    private String corruption;

    public ConsoleFrames(OutputStream stdout, OutputStream stderr) {
        this.stdout = stdout;
        this.stderr = stderr;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) throws IOException {
        int i = off;
        int end = off + len;
        while (i < end && corruption == null) {
            if (remaining > 0) {
                int n = Math.min(remaining, end - i);
                current.write(b, i, n);
                remaining -= n;
                i += n;
                continue;
            }
            header[headerFill++] = b[i++];
            if (headerFill == header.length) {
                headerFill = 0;
                startFrame(header[0] & 0xff, (header[1] & 0xff) | (header[2] & 0xff) << 8);
            }
        }
    }

    private void startFrame(int stream, int length) throws IOException {
        if (stream != STDOUT && stream != STDERR) {
            corruption = "unknown stream " + stream + " in the guest's output channel";
            return;
        }
        if (length > MAX_FRAME) {
            corruption = "a frame of " + length + " bytes in the guest's output channel (at most " + MAX_FRAME + ")";
            return;
        }
        if ((stream == STDOUT && stdoutEnded) || (stream == STDERR && stderrEnded)) {
            corruption = "data for stream " + stream + " after its end in the guest's output channel";
            return;
        }
        if (length == 0) {
            OutputStream ended = stream == STDOUT ? stdout : stderr;
            ended.flush();
            stdoutEnded |= stream == STDOUT;
            stderrEnded |= stream == STDERR;
            return;
        }
        current = stream == STDOUT ? stdout : stderr;
        remaining = length;
    }

    /** Why decoding stopped, or null while the stream is well-formed. */
    public synchronized String corruption() {
        return corruption;
    }

    /** Both streams were ended by their zero-length frame: nothing of the workload's output is missing. */
    public synchronized boolean complete() {
        return stdoutEnded && stderrEnded;
    }

    @Override
    public synchronized void flush() throws IOException {
        stdout.flush();
        stderr.flush();
    }
}
