package io.isobench.runtime.vm.process;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The monitor writes its report by hand; the harness reads it with Jackson: the two must agree on every field. */
class ReportJsonTest {
    @Test
    void whatTheMonitorWritesTheHarnessReadsBackEqual(@TempDir Path dir) throws Exception {
        Map<String, Long> exits = new LinkedHashMap<>();
        exits.put("io", 244L);
        exits.put("mmio \"quoted\"", Long.MAX_VALUE);
        VmmReport full = new VmmReport(
                List.of(new VmmReport.NamedInstant("vmm-start", -5L), new VmmReport.NamedInstant("vm-stopped", 1L << 62)),
                0, null, "power-off", exits, 256L << 20, 123_456_789L, 48_000_000L,
                List.of("plain", "tab\there \\ back\\slash \"q\"", "ctl \u0001\u001f\u007f end", "\r\n", "é ✓ 😀",
                        "lone \ud800 surrogate", "line\u2028sep", ""),
                Map.of("bytesRead", 4096L), Map.of("drop.no-buffer", 3L), Map.of("COM2.delivered", 12L, "COM2.dropped", 0L),
                Map.of());
        VmmReport failed = new VmmReport(List.of(new VmmReport.NamedInstant("vmm-start", 7L)), null,
                "guest-init failed at stage 3: \"x\"", "not-started", Map.of(), 64L << 20, 0, 0, List.of(), Map.of());
        VmmReport killed = new VmmReport(List.of(), 137, null, "reset", Map.of(), 1, 2, 3, List.of("x"), Map.of());
        for (VmmReport r : List.of(full, failed, killed)) {
            Path file = dir.resolve("report.json");
            r.write(file);
            assertEquals(r, VmmReport.read(file));
        }
    }
}
