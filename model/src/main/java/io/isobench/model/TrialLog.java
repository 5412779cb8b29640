package io.isobench.model;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * {@code trials.jsonl}: one line appended and forced to disk as each trial ends, so a crash
 * or a kill loses nothing that finished (at most the line being written is torn; readers
 * drop it: {@link ResultsJson#readTrialLines}). A write that fails (disk full) is cut back
 * off, so the file keeps only whole lines. The file must be new: two runs never append to
 * the same log.
 */
public final class TrialLog implements AutoCloseable {
    private final Path file;
    private final FileChannel channel;

    public TrialLog(Path file) throws IOException {
        this.file = file;
        try {
            this.channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND);
        } catch (FileAlreadyExistsException e) {
            throw new IOException(file + " exists already (another run writing there?); choose another --out", e);
        }
    }

    public synchronized void append(Trial trial) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap((ResultsJson.line(trial) + "\n").getBytes(StandardCharsets.UTF_8));
        long before = channel.size();
        try {
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(false);
        } catch (IOException e) {
            try {
                channel.truncate(before); // no half line left behind; frees what it took
            } catch (IOException ignored) {
                // the reader drops a torn last line anyway
            }
            throw new IOException("cannot append to " + file + ": " + e.getMessage()
                    + "; the trials finished before are kept there", e);
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
