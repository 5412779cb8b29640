package io.isobench.workloads;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WorkloadOutputTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode parse(String line) throws Exception {
        assertTrue(line.startsWith(WorkloadOutput.METRIC), line);
        return JSON.readTree(line.substring(WorkloadOutput.METRIC.length()));
    }

    @Test
    void aMetricLineIsJsonWithEveryField() throws Exception {
        JsonNode n = parse(WorkloadOutput.metricLine("throughput", 1234.5, "MB/s", 12.25, true));
        assertEquals("throughput", n.get("name").asText());
        assertEquals(1234.5, n.get("value").asDouble());
        assertEquals("MB/s", n.get("unit").asText());
        assertEquals(12.25, n.get("error").asDouble());
        assertTrue(n.get("higherIsBetter").asBoolean());
    }

    @Test
    void hostileNamesStayInsideTheirString() throws Exception {
        String name = "a\"b\\c\nd\te\u0001f\u2028";
        JsonNode n = parse(WorkloadOutput.metricLine(name, 1e-5, "ns", null, false));
        assertEquals(name, n.get("name").asText());
        assertEquals(1e-5, n.get("value").asDouble());
        assertTrue(n.get("error").isNull());
        // One line, whatever the name holds: the harness reads the protocol line by line.
        assertEquals(1, WorkloadOutput.metricLine(name, 1, "x", null, true).lines().count());
    }

    @Test
    void nonFiniteFiguresAreRefusedOrDropped() throws Exception {
        assertThrows(IllegalArgumentException.class, () -> WorkloadOutput.metricLine("x", Double.NaN, "s", null, true));
        assertTrue(parse(WorkloadOutput.metricLine("x", 2, "s", Double.POSITIVE_INFINITY, true)).get("error").isNull());
    }

    @Test
    void theReadyLineCarriesTheTimestamp() {
        assertEquals("@@isobench ready 42", WorkloadOutput.readyLine(42));
    }
}
