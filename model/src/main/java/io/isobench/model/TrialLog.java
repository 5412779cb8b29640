package io.isobench.model;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * {@code trials.jsonl}: one line appended and forced to disk as each trial ends, so a crash
 * or a kill loses nothing that finished.
 */
public final class TrialLog implements AutoCloseable {
    private final FileChannel channel;

    public TrialLog(Path file) throws IOException {
        this.channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
    }

    public synchronized void append(Trial trial) throws IOException {
        byte[] bytes = (ResultsJson.line(trial) + "\n").getBytes(StandardCharsets.UTF_8);
        var buffer = java.nio.ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
        channel.force(false);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
