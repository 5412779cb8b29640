package io.isobench.runtime.vm.process;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The kernel console on its way to its log file, keeping its last lines in memory: when a
 * guest panics or hangs, those lines are the explanation the user gets.
 */
final class ConsoleTail extends OutputStream {
    private final OutputStream log;
    private final int keep;
    private final Deque<String> lines = new ArrayDeque<>();
    private final ByteArrayOutputStream current = new ByteArrayOutputStream();

    ConsoleTail(OutputStream log, int keep) {
        this.log = log;
        this.keep = keep;
    }

    @Override
    public synchronized void write(int b) throws IOException {
        log.write(b);
        if (b == '\n') {
            endLine();
        } else if (b != '\r' && current.size() < 512) {
            current.write(b);
        }
    }

    private void endLine() {
        lines.addLast(current.toString(StandardCharsets.UTF_8));
        current.reset();
        while (lines.size() > keep) {
            lines.removeFirst();
        }
    }

    /** The last lines, the unfinished one included. */
    synchronized List<String> tail() {
        List<String> out = new ArrayList<>(lines);
        if (current.size() > 0) {
            out.add(current.toString(StandardCharsets.UTF_8));
        }
        return out;
    }

    @Override
    public synchronized void flush() throws IOException {
        log.flush();
    }

    @Override
    public synchronized void close() throws IOException {
        log.close();
    }
}
