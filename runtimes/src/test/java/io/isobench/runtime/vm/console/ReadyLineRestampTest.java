package io.isobench.runtime.vm.console;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ReadyLineRestampTest {

    private static String pass(String input, int chunk) throws Exception {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        try (ReadyLineRestamp r = new ReadyLineRestamp(sink, () -> 777)) {
            byte[] b = input.getBytes(StandardCharsets.UTF_8);
            for (int i = 0; i < b.length; i += chunk) {
                r.write(b, i, Math.min(chunk, b.length - i));
            }
        }
        return sink.toString(StandardCharsets.UTF_8);
    }

    @Test
    void theReadyLineGetsTheHostsClockAndEverythingElsePassesUnchanged() throws Exception {
        String in = "@@isobench ready 123456\n@@isobench metric {\"name\":\"x\"}\nhello @@isobench ready 5\n"
                + "@@isobench\n@@isobench ready 9\nü tail without newline";
        String expected = "@@isobench ready 777\n@@isobench metric {\"name\":\"x\"}\nhello @@isobench ready 5\n"
                + "@@isobench\n@@isobench ready 777\nü tail without newline";
        for (int chunk : new int[] {1, 3, 17, 1000}) {
            assertEquals(expected, pass(in, chunk), "chunk " + chunk);
        }
    }

    @Test
    void aPartialReadyLineAtTheEndIsKeptAsItIs() throws Exception {
        assertEquals("@@isobench rea", pass("@@isobench rea", 4));
        assertEquals("@@isobench ready 12", pass("@@isobench ready 12", 4));
    }
}
