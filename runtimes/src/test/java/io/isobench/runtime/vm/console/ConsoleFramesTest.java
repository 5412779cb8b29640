package io.isobench.runtime.vm.console;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConsoleFramesTest {

    static void frame(ByteArrayOutputStream wire, int stream, byte[] data) {
        wire.write(stream);
        wire.write(data.length & 0xff);
        wire.write(data.length >>> 8);
        wire.write(data, 0, data.length);
    }

    @Test
    void framesSplitAnywhereComeOutAsTwoExactStreams() throws Exception {
        SplittableRandom random = new SplittableRandom(11);
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        ByteArrayOutputStream expectOut = new ByteArrayOutputStream();
        ByteArrayOutputStream expectErr = new ByteArrayOutputStream();
        for (int i = 0; i < 200; i++) {
            byte[] data = new byte[1 + random.nextInt(ConsoleFrames.MAX_FRAME)];
            random.nextBytes(data);
            int stream = random.nextBoolean() ? ConsoleFrames.STDOUT : ConsoleFrames.STDERR;
            frame(wire, stream, data);
            (stream == ConsoleFrames.STDOUT ? expectOut : expectErr).write(data);
        }
        frame(wire, ConsoleFrames.STDOUT, new byte[0]);
        frame(wire, ConsoleFrames.STDERR, new byte[0]);
        byte[] bytes = wire.toByteArray();

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ConsoleFrames frames = new ConsoleFrames(out, err);
        for (int i = 0; i < bytes.length; ) {
            int n = Math.min(1 + random.nextInt(5000), bytes.length - i);
            frames.write(bytes, i, n);
            i += n;
        }
        assertNull(frames.corruption());
        assertTrue(frames.complete());
        assertArrayEquals(expectOut.toByteArray(), out.toByteArray());
        assertArrayEquals(expectErr.toByteArray(), err.toByteArray());
    }

    @Test
    void aHostileGuestStopsTheDecodingWithAReason() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ConsoleFrames frames = new ConsoleFrames(out, new ByteArrayOutputStream());
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        frame(wire, 1, "ok".getBytes(StandardCharsets.US_ASCII));
        wire.write(new byte[] {1, (byte) 0xff, (byte) 0xff}); // 65535 bytes claimed
        wire.write("more".getBytes(StandardCharsets.US_ASCII));
        frames.write(wire.toByteArray());
        assertEquals("ok", out.toString(StandardCharsets.US_ASCII));
        assertTrue(frames.corruption().contains("65535"), frames.corruption());
        assertFalse(frames.complete());

        ConsoleFrames unknown = new ConsoleFrames(new ByteArrayOutputStream(), new ByteArrayOutputStream());
        unknown.write(new byte[] {9, 1, 0, 'x'});
        assertTrue(unknown.corruption().contains("unknown stream 9"));

        ConsoleFrames afterEnd = new ConsoleFrames(new ByteArrayOutputStream(), new ByteArrayOutputStream());
        afterEnd.write(new byte[] {1, 0, 0, 1, 1, 0, 'x'});
        assertTrue(afterEnd.corruption().contains("after its end"));
    }
}
