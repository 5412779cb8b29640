package io.isobench.harness.cli;

import io.isobench.harness.Main;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PeersVmCommandTest {
    /**
     * Where KVM is emulated (no vmx/svm flag: these PVM hosts) {@code peers vm} refuses at once
     * with the calibration's sentence; with hardware KVM it measures isobench's monitor.
     */
    @Test
    void peersVmRefusesQuicklyOnEmulatedKvmAndMeasuresOnHardwareKvm() throws Exception {
        boolean hardware = Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                .filter(l -> l.startsWith("flags"))
                .anyMatch(l -> List.of(l.split("\\s+")).contains("vmx") || List.of(l.split("\\s+")).contains("svm"));
        PrintStream savedOut = System.out;
        PrintStream savedErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        int code;
        long t0 = System.nanoTime();
        try {
            code = Main.run("peers", "vm", "--runs", "1");
        } finally {
            System.setOut(savedOut);
            System.setErr(savedErr);
        }
        long ms = (System.nanoTime() - t0) / 1_000_000;
        String text = out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
        if (hardware) {
            assertEquals(0, code, text);
            assertTrue(text.contains("isobench vm"), text);
        } else {
            assertEquals(1, code, text);
            assertTrue(text.contains("isobench: peers vm needs hardware KVM: KVM is emulated"), text);
            assertTrue(ms < 5_000, "refusing took " + ms + " ms");
        }
    }
}
