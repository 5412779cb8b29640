package io.isobench.reports.figures;

import io.isobench.model.Metric;
import io.isobench.model.Phase;
import io.isobench.model.Resources;
import io.isobench.model.Status;
import io.isobench.model.Timeline;
import io.isobench.model.Trial;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class HarnessFiguresTest {

    /** A net trial's link and offload flags describe it; only its measurements become figures. */
    @Test
    void flagMetricsAreNotFigures() {
        Trial t = new Trial("bare", "net.tcp-rr", 1, false, Status.OK, null,
                new Timeline(List.of(new Phase("exit", 1000)), null, 1000), new Resources(1, 1, 1, 0, 0),
                List.of(new Metric("rate", 40000, "round trips/s", null, true), new Metric("p50", 21, "us", null, false),
                        new Metric("link-veth", 1, "flag", null, true), new Metric("offload-tso", 1, "flag", null, true)),
                null, "2026-12-03T00:00:00Z");
        List<String> names = HarnessFigures.of(t).keySet().stream().map(Figure::name).toList();
        assertEquals(List.of("rate", "p50", "totalMs", "cpuMs", "memoryPeakBytes", "ioReadBytes", "ioWriteBytes"), names);
    }

    /** A monitor whose exits cannot be seen (vm:qemu: an empty map) has no exit figure, rather than zero exits. */
    @Test
    void vmExitsAreAFigureOnlyWhenTheMonitorCountsThem() {
        for (var exits : List.of(java.util.Map.<String, Long>of(), java.util.Map.of("io", 300L, "mmio", 20L))) {
            Trial t = new Trial(exits.isEmpty() ? "vm:qemu" : "vm", "startup.noop", 1, false, Status.OK, null,
                    new Timeline(List.of(new Phase("exit", 1000)), null, 1000), new Resources(1, 1, 1, 0, 0), List.of(),
                    new io.isobench.model.VmStats(exits, 1L << 30, 200L << 20, 100L << 20), "2026-12-03T00:00:00Z");
            var figures = HarnessFigures.of(t);
            assertEquals(exits.isEmpty() ? null : 320.0, figures.get(HarnessFigures.VM_EXITS));
            assertEquals((double) (100L << 20), figures.get(HarnessFigures.VM_OVERHEAD));
        }
    }
}
