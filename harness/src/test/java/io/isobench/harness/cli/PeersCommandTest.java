package io.isobench.harness.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static io.isobench.harness.cli.RunCommandTest.cli;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code isobench peers container}, really measured (bwrap comes with scripts/install-deps). */
class PeersCommandTest {

    @Test
    void measuresIsobenchNextToItsPeersAndWritesJson(@TempDir Path tmp) throws Exception {
        Path json = tmp.resolve("peers.json");
        var r = cli("peers", "container", "--runs", "3", "--json", json.toString());
        assertEquals(0, r.code(), r.err());
        JsonNode root = new ObjectMapper().readTree(json.toFile());
        List<String> names = measuredPeers(root, 3);
        assertTrue(names.containsAll(List.of("isobench container", "isobench launcher, no cgroup", "bwrap --unshare-all",
                "unshare -mpfnui", "bare exec", "isobench container run (JVM included)")), names.toString());
        for (JsonNode s : root.get("skipped")) {
            assertTrue(s.get("reason").asText().length() > 5, s.toString());
        }
    }

    /**
     * The names in a {@code peers --json} file, after checking that each peer ran {@code runs}
     * times with a positive median and a p90 not below it (shared with the VM peers' test).
     */
    static List<String> measuredPeers(JsonNode root, int runs) {
        List<String> names = new ArrayList<>();
        for (JsonNode peer : root.get("peers")) {
            names.add(peer.get("name").asText());
            assertEquals(runs, peer.get("runs").asInt(), peer.toString());
            assertTrue(peer.get("medianMs").asDouble() > 0 && peer.get("p90Ms").asDouble() >= peer.get("medianMs").asDouble(),
                    peer.toString());
        }
        return names;
    }

    @Test
    void badInputIsOneSentence() {
        var kind = cli("peers", "submarine");
        assertEquals(2, kind.code());
        assertEquals("isobench: unknown peer kind 'submarine' (known: container, vm, net)", kind.err().strip());
        var runs = cli("peers", "container", "--runs", "0");
        assertEquals(2, runs.code());
        assertEquals("isobench: --runs must be at least 1, got 0", runs.err().strip());
    }
}
