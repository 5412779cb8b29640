package io.isobench.harness.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.isobench.runtime.Availability;
import io.isobench.runtime.vm.VmRuntime;
import io.isobench.runtime.vm.calibration.KvmCalibrator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static io.isobench.harness.cli.RunCommandTest.cli;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code isobench peers net --quick --runs 1} (root, ~40 s): one table row per link kind, figures all
 * positive; the VM row measured where the VM runtime runs, else listed as unavailable with the
 * runtime's own reason (this host: emulated KVM; the measured VM row comes from the nested rig).
 */
class PeersNetCommandTest {

    @Test
    void everyLinkKindGetsItsFigures(@TempDir Path tmp) throws Exception {
        Path json = tmp.resolve("net.json");
        java.io.PrintStream saved = System.out;
        java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream();
        RunCommandTest.Cli r;
        System.setOut(new java.io.PrintStream(buf, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            r = cli("peers", "net", "--quick", "--runs", "1", "--json", json.toString(), "--chart", tmp.resolve("charts").toString());
        } finally {
            System.setOut(saved);
        }
        String out = buf.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(0, r.code(), r.err());
        JsonNode root = new ObjectMapper().readTree(json.toFile());
        List<String> names = new java.util.ArrayList<>();
        for (JsonNode link : root.get("links")) {
            names.add(link.get("name").asText());
            for (String figure : List.of("net.tcp-stream:throughput", "net.tcp-rr:p50", "net.tcp-rr:p99", "net.tcp-crr:rate")) {
                assertTrue(link.get("figures").get(figure).asDouble() > 0, link.toString());
            }
            assertTrue(out.contains(link.get("name").asText()), out);
        }
        List<String> expected = new java.util.ArrayList<>(List.of("loopback (far end's lo)", "bare veth", "container veth",
                "container net=host (veth)", "container bridge-nat"));
        Availability vm = new VmRuntime(KvmCalibrator::calibrate).availability();
        if (vm.available()) {
            expected.add("vm virtio-net");
        } else {
            JsonNode unavailable = root.get("unavailable");
            assertEquals(1, unavailable.size(), unavailable.toString());
            assertEquals("vm virtio-net", unavailable.get(0).get("name").asText());
            // The runtime's own sentence; its calibration figure differs between two calibrations.
            assertEquals(("the VM runtime is unavailable: " + vm.reason()).replaceAll("[0-9.]+", "N"),
                    unavailable.get(0).get("reason").asText().replaceAll("[0-9.]+", "N"));
            assertTrue(out.contains("vm virtio-net") && out.contains("unavailable: the VM runtime is unavailable: "), out);
        }
        assertEquals(expected, names);
        // The table as charts, one bar per measured link kind.
        for (String chart : List.of("peers-net-throughput", "peers-net-rr-p50", "peers-net-rr-p99", "peers-net-crr")) {
            for (String ext : List.of(".svg", ".png")) {
                assertTrue(java.nio.file.Files.size(tmp.resolve("charts").resolve(chart + ext)) > 1000, chart + ext);
            }
        }
    }
}
