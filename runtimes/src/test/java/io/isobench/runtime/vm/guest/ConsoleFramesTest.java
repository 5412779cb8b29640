package io.isobench.runtime.vm.guest;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConsoleFramesTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final ConsoleFrames frames = new ConsoleFrames(out, err);

    /** What guest-init's write_frame sends: data split into frames of at most 4096 bytes. */
    static void frame(ByteArrayOutputStream com2, int stream, byte[] data) {
        int at = 0;
        do {
            int n = Math.min(ConsoleFrames.MAX_DATA, data.length - at);
            com2.write(stream);
            com2.write(n & 0xff);
            com2.write(n >> 8);
            com2.write(data, at, n);
            at += n;
        } while (at < data.length);
    }

    @Test
    void interleavedStreamsAreSeparatedByteExactInAnyChunking() throws IOException {
        Random random = new Random(42);
        ByteArrayOutputStream com2 = new ByteArrayOutputStream();
        ByteArrayOutputStream wantOut = new ByteArrayOutputStream();
        ByteArrayOutputStream wantErr = new ByteArrayOutputStream();
        for (int i = 0; i < 200; i++) {
            byte[] data = new byte[1 + random.nextInt(i % 10 == 0 ? 9000 : 300)];
            random.nextBytes(data); // every byte value, \n, \r, 0x00 included
            boolean toOut = random.nextBoolean();
            frame(com2, toOut ? 1 : 2, data);
            (toOut ? wantOut : wantErr).writeBytes(data);
        }
        frame(com2, 2, new byte[0]);
        frame(com2, 1, new byte[0]);
        byte[] stream = com2.toByteArray();
        for (int at = 0; at < stream.length; ) {
            int n = Math.min(stream.length - at, random.nextInt(5000));
            if (n == 1) {
                frames.feed(stream[at]);
            } else {
                frames.feed(stream, at, n);
            }
            at += n;
        }
        frames.finish();
        assertArrayEquals(wantOut.toByteArray(), out.toByteArray());
        assertArrayEquals(wantErr.toByteArray(), err.toByteArray());
        assertTrue(frames.complete());
        assertEquals(stream.length, frames.offset());
    }

    @Test
    void endOfStreamIsPerStream() throws IOException {
        ByteArrayOutputStream com2 = new ByteArrayOutputStream();
        frame(com2, 1, "a".getBytes());
        frame(com2, 1, new byte[0]);
        frames.feed(com2.toByteArray(), 0, com2.size());
        assertTrue(frames.ended(ConsoleFrames.STDOUT));
        assertFalse(frames.ended(ConsoleFrames.STDERR));
        assertFalse(frames.complete());
        IOException e = assertThrows(IOException.class, frames::finish);
        assertEquals("the workload's output ends before the end of stderr", e.getMessage());
    }

    @Test
    void unknownStreamIdIsCorrupt() throws IOException {
        frames.feed(new byte[]{1, 1, 0, 'x'}, 0, 4);
        ConsoleFrames.CorruptFrameException e = assertThrows(ConsoleFrames.CorruptFrameException.class,
                () -> frames.feed(new byte[]{'[', ' ', '0'}, 0, 3));
        assertEquals("corrupt frame at byte 4 of the workload's output on COM2: stream id 0x5b (expected 1 or 2)",
                e.getMessage());
        assertEquals("x", out.toString());
        // Once corrupt, always corrupt: nothing after it is trusted.
        assertThrows(ConsoleFrames.CorruptFrameException.class, () -> frames.feed(new byte[]{1, 0, 0}, 0, 3));
    }

    @Test
    void oversizedFrameIsCorrupt() {
        ConsoleFrames.CorruptFrameException e = assertThrows(ConsoleFrames.CorruptFrameException.class,
                () -> frames.feed(new byte[]{2, 0x01, 0x10}, 0, 3));
        assertEquals("corrupt frame at byte 0 of the workload's output on COM2: length 4097 (at most 4096)",
                e.getMessage());
    }

    @Test
    void dataAfterEndOfStreamIsCorrupt() {
        ConsoleFrames.CorruptFrameException e = assertThrows(ConsoleFrames.CorruptFrameException.class,
                () -> frames.feed(new byte[]{1, 0, 0, 1, 1, 0, 'z'}, 0, 7));
        assertTrue(e.getMessage().endsWith("a frame for stdout after its end-of-stream frame"), e.getMessage());
    }

    @Test
    void truncatedFrameIsReportedAtTheEnd() throws IOException {
        frames.feed(new byte[]{2, 10, 0, 'a', 'b'}, 0, 5);
        assertEquals("ab", err.toString());
        IOException e = assertThrows(IOException.class, frames::finish);
        assertEquals("the workload's output ends inside the frame that starts at byte 0 of COM2 (8 data bytes missing)",
                e.getMessage());
    }
}
