package io.isobench.reports.analysis;

import io.isobench.model.Metric;
import io.isobench.model.Phase;
import io.isobench.model.Resources;
import io.isobench.model.Status;
import io.isobench.model.Timeline;
import io.isobench.model.Trial;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NetSummaryTest {

    static Trial trial(String runtime, String workload, boolean warmup, Metric... metrics) {
        List<Metric> all = new ArrayList<>(List.of(metrics));
        all.add(new Metric("link-veth", 1, "flag", null, true));
        all.add(new Metric("offload-tso", runtime.equals("container") ? 0 : 1, "flag", null, true));
        return new Trial(runtime, workload, 1, warmup, Status.OK, null, new Timeline(List.of(new Phase("exit", 10)), null, 10),
                new Resources(1, 1, 1, 0, 0), all, null, "2026-12-03T00:00:00Z");
    }

    @Test
    void oneRowPerRuntimeWithMediansAndTheLinkItRanOn() {
        List<Trial> trials = List.of(
                trial("bare", "net.tcp-rr", false, new Metric("p50", 20, "us", null, false), new Metric("p99", 40, "us", null, false)),
                trial("bare", "net.tcp-rr", false, new Metric("p50", 22, "us", null, false), new Metric("p99", 60, "us", null, false)),
                trial("bare", "net.tcp-rr", true, new Metric("p50", 999, "us", null, false)),
                trial("bare", "net.tcp-stream", false, new Metric("throughput", 9.5, "Gbit/s", null, true)),
                trial("container", "net.tcp-crr", false, new Metric("rate", 3000, "connections/s", null, true)),
                trial("bare", "cpu.sha256", false, new Metric("throughput", 500, "MB/s", null, true)));
        List<NetSummary> rows = NetSummary.of(trials, Analysis.of(trials));
        assertEquals(2, rows.size());
        NetSummary bare = rows.get(0);
        assertEquals("bare", bare.runtime());
        assertEquals("veth", bare.link());
        assertEquals("tso on", bare.offloads());
        assertEquals(21.0, bare.median("rr p50"), "the warm-up is not counted");
        assertEquals(50.0, bare.median("rr p99"));
        assertEquals(9.5, bare.median("stream throughput"), "cpu.sha256's throughput is not a net figure");
        assertEquals("–", bare.cells().get(4));
        assertTrue(bare.cells().get(2).matches("21\\.0 us \\[20\\.0–22\\.0\\]"), "median with its interval: " + bare.cells());
        assertEquals("9.50 Gbit/s (n=1)", bare.cells().get(0));
        assertEquals("bare (veth)", bare.name());
        assertEquals("tso off", rows.get(1).offloads());
        assertEquals(NetSummary.header().size(), 3 + bare.cells().size());
        assertTrue(NetSummary.of(List.of(trials.get(5)), Analysis.of(List.of(trials.get(5)))).isEmpty());
    }
}
