package io.isobench.reports.export;

import com.fasterxml.jackson.databind.JsonNode;
import io.isobench.model.ResultsJson;
import io.isobench.reports.Source;
import io.isobench.reports.Synthetic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExportsTest {
    static final List<Source> SOURCES = Source.labelled(List.of(Synthetic.threeRuntimes().results()));

    @Test
    void githubActionBenchmarkSplitsByDirection(@TempDir Path dir) throws Exception {
        List<Path> files = Exports.write(dir, ExportFormat.GITHUB_ACTION_BENCHMARK, SOURCES);
        assertEquals(List.of(dir.resolve(Exports.GAB_SMALLER), dir.resolve(Exports.GAB_BIGGER)), files);
        JsonNode smaller = ResultsJson.mapper().readTree(files.get(0).toFile());
        JsonNode bigger = ResultsJson.mapper().readTree(files.get(1).toFile());
        assertTrue(smaller.isArray() && bigger.isArray());
        assertEquals(3, bigger.size(), "throughput of cpu.sha256 in three runtimes");
        JsonNode t = bigger.get(0);
        assertEquals("cpu.sha256/bare/throughput", t.get("name").asText());
        assertEquals("ops/s", t.get("unit").asText());
        assertTrue(t.get("value").isNumber() && t.get("value").asDouble() > 900);
        assertTrue(t.get("range").asText().startsWith("± "));
        assertTrue(t.get("extra").asText().startsWith("n=10, median "));
        for (JsonNode e : smaller) {
            assertTrue(e.has("name") && e.has("unit") && e.get("value").isNumber(), e.toString());
        }
        assertTrue(smaller.toString().contains("\"startup.noop/vm/totalMs\""));
    }

    @Test
    void bencherMetricFormat(@TempDir Path dir) throws Exception {
        JsonNode bmf = ResultsJson.mapper().readTree(Exports.write(dir, ExportFormat.BENCHER, SOURCES).get(0).toFile());
        JsonNode m = bmf.get("startup.noop/container").get("totalMs");
        assertTrue(m.get("lower_value").asDouble() < m.get("value").asDouble() && m.get("value").asDouble() < m.get("upper_value").asDouble(), m.toString());
        assertTrue(bmf.get("cpu.sha256/vm").has("throughput"));
    }

    @Test
    void formatsAreNamedAsOnTheCommandLine() {
        assertEquals(ExportFormat.BENCHER, ExportFormat.parse("bencher"));
        assertEquals(ExportFormat.GITHUB_ACTION_BENCHMARK, ExportFormat.parse("github-action-benchmark"));
        assertEquals("unknown export format 'csv' (known: github-action-benchmark, bencher)",
                assertThrows(IllegalArgumentException.class, () -> ExportFormat.parse("csv")).getMessage());
    }
}
