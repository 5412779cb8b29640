package io.isobench.runtime.vm.devices.virtio.block;

import com.sun.nio.file.ExtendedOpenOption;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The host file behind a virtio-blk disk. All transfers go through one page-aligned
 * direct buffer, so the same code works with and without O_DIRECT (which demands aligned
 * buffers, offsets and lengths; our offsets are 512-byte sectors, which is the logical
 * block size of the usual filesystems — a filesystem that wants more fails the open
 * test in {@link #open}).
 */
public final class BlockBackend implements AutoCloseable {
    static final int CHUNK = 256 * 1024;

    private final FileChannel channel;
    private final long sizeBytes;
    private final boolean readOnly;
    private final boolean direct;
    private final ByteBuffer buffer = ByteBuffer.allocateDirect(CHUNK + 4096).alignedSlice(4096);

    private BlockBackend(FileChannel channel, long sizeBytes, boolean readOnly, boolean direct) {
        this.channel = channel;
        this.sizeBytes = sizeBytes;
        this.readOnly = readOnly;
        this.direct = direct;
    }

    /**
     * Opens a disk file. Its size must be a whole number of 512-byte sectors (the guest
     * cannot address a partial sector, and silently truncating would hide data).
     */
    public static BlockBackend open(Path file, boolean readOnly, boolean direct) throws IOException {
        List<OpenOption> options = new ArrayList<>(List.of(StandardOpenOption.READ));
        if (!readOnly) {
            options.add(StandardOpenOption.WRITE);
        }
        if (direct) {
            options.add(ExtendedOpenOption.DIRECT);
        }
        FileChannel channel = FileChannel.open(file, options.toArray(OpenOption[]::new));
        long size = channel.size();
        if (size % BlockRequest.SECTOR != 0 || size == 0) {
            channel.close();
            throw new IOException("disk image " + file + " is " + size
                    + " bytes, not a non-zero multiple of 512");
        }
        return new BlockBackend(channel, size, readOnly, direct);
    }

    public long capacitySectors() {
        return sizeBytes / BlockRequest.SECTOR;
    }

    public boolean readOnly() {
        return readOnly;
    }

    public boolean direct() {
        return direct;
    }

    /** Reads {@code length} bytes at {@code offset} into {@code sink}, chunk by chunk. */
    public void read(long offset, long length, ChunkSink sink) throws IOException {
        long done = 0;
        while (done < length) {
            int n = (int) Math.min(CHUNK, length - done);
            buffer.clear().limit(n);
            while (buffer.hasRemaining()) {
                int r = channel.read(buffer, offset + done + buffer.position());
                if (r < 0) {
                    throw new IOException("disk image ended early at " + (offset + done + buffer.position()));
                }
            }
            buffer.flip();
            byte[] bytes = new byte[n];
            buffer.get(bytes);
            sink.accept(bytes);
            done += n;
        }
    }

    /** Writes {@code length} bytes at {@code offset}, taking them chunk by chunk from source. */
    public void write(long offset, long length, ChunkSource source) throws IOException {
        long done = 0;
        while (done < length) {
            int n = (int) Math.min(CHUNK, length - done);
            byte[] bytes = source.next(n);
            buffer.clear();
            buffer.put(bytes).flip();
            while (buffer.hasRemaining()) {
                channel.write(buffer, offset + done + buffer.position());
            }
            done += n;
        }
    }

    /** Makes every completed write durable (fdatasync is not enough for metadata of a new file). */
    public void flush() throws IOException {
        if (!readOnly) {
            channel.force(true);
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    /** Receives consecutive chunks of a read. */
    public interface ChunkSink {
        void accept(byte[] chunk);
    }

    /** Supplies consecutive chunks of a write. */
    public interface ChunkSource {
        byte[] next(int length);
    }
}
