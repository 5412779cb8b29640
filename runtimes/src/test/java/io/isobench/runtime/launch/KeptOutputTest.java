package io.isobench.runtime.launch;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;

class KeptOutputTest {

    @Test
    void theFirstBytesAndEveryLaterProtocolLineAreKeptTheRestIsCounted() throws Exception {
        KeptOutput k = new KeptOutput(10);
        k.write("0123456\n".getBytes(StandardCharsets.UTF_8));          // 8 bytes: kept
        k.write("flood flood\n".getBytes(StandardCharsets.UTF_8));      // 12 bytes: over the limit
        k.write("@@isobench metric {}\n".getBytes(StandardCharsets.UTF_8), 0, 21); // protocol: kept
        k.write("tail".getBytes(StandardCharsets.UTF_8));               // partial last line, over the limit
        assertEquals("0123456\n@@isobench metric {}\n\n[isobench: 16 bytes of output not kept]\n", k.text());
    }
}
