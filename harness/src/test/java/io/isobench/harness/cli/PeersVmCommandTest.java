package io.isobench.harness.cli;

import io.isobench.harness.Main;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.isobench.runtime.FileTrees;
import io.isobench.runtime.vm.guest.GuestKernel;
import io.isobench.runtime.vm.vstate.KvmRigTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

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
            // At once = from the calibration, not a boot attempt; room for CI's two rigs beside it.
            assertTrue(ms < 10_000, "refusing took " + ms + " ms");
        }
    }

    /**
     * Under hardware KVM (the nested rig): isobench's monitor and QEMU's microvm boot the same
     * kernel and initramfs, every requested boot reaches init, and the JSON says so.
     */
    @Test
    @Tag("rig-linux")
    void inTheRigIsobenchAndQemuMicrovmBootTheSameGuest() throws Exception {
        GuestKernel.resolve(null);  // fetched on the host: the rig sees the cache read-only
        Path out = Path.of("target", "peers-vm-rig").toAbsolutePath();
        FileTrees.deleteQuietly(out);
        Files.createDirectories(out);
        Path json = out.resolve("peers.json");
        KvmRigTest.Result r = KvmRigTest.inRig(List.of(Main.class.getName(), "peers", "vm", "--runs", "1",
                "--json", json.toString()), 900, Map.of("RIG_WRITABLE", out.toString()));
        System.out.println(r.output());
        assertEquals(0, r.exitCode(), r.output());
        List<String> names = PeersCommandTest.measuredPeers(new ObjectMapper().readTree(json.toFile()), 1);
        assertEquals(List.of("isobench vm", "qemu -M microvm"), names, r.output());
        assertTrue(r.output().contains("isobench vm exits per boot, whole VM") && r.output().contains("io="), r.output());
        // Both timed from spawning their process; isobench's VM-creation figure stays as a phase.
        assertTrue(r.output().contains("time from spawning the monitor's process")
                && r.output().matches("(?s).*spawn to VM created \\d+ ms.*VM created to init \\d+ ms.*"), r.output());
    }
}
