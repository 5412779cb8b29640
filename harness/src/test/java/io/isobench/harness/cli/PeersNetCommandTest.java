package io.isobench.harness.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static io.isobench.harness.cli.RunCommandTest.cli;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code isobench peers net --quick --runs 1} (root, ~40 s): one table row per link kind, figures all positive. */
class PeersNetCommandTest {

    @Test
    void everyLinkKindGetsItsFigures(@TempDir Path tmp) throws Exception {
        Path json = tmp.resolve("net.json");
        java.io.PrintStream saved = System.out;
        java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream();
        RunCommandTest.Cli r;
        System.setOut(new java.io.PrintStream(buf, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            r = cli("peers", "net", "--quick", "--runs", "1", "--json", json.toString());
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
        assertEquals(List.of("loopback (far end's lo)", "bare veth", "container veth", "container net=host (veth)",
                "container bridge-nat"), names);
    }
}
