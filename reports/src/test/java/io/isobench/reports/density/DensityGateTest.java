package io.isobench.reports.density;

import io.isobench.model.density.DensityConfig;
import io.isobench.model.density.DensityResults;
import io.isobench.model.density.DensityRun;
import io.isobench.model.density.DensitySummary;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The density gate is direction-aware: more memory per instance is worse, a higher creation rate is better. */
class DensityGateTest {

    private static DensityResults run(String workload, long perInstance, double rate) {
        DensitySummary s = new DensitySummary(100, 100, null, 1000.0, rate, 20.0, 30.0, 40.0, 50.0, 1L << 30,
                (1L << 30) + perInstance * 100, perInstance, perInstance, 0L, 0.99, 100_000L, 1_000_000L, 200_000L,
                "run=0", 10, 0.0, null, 0, 0, 500.0, List.of(), List.of(), Map.of(), null, null);
        return new DensityResults(DensityResults.SCHEMA, DensityResults.KIND, "a", "b", false, null,
                new DensityConfig(List.of("container"), workload, 100, null, 2, 10, null, null, "isobench density", "0.1.0", "off"),
                List.of(new DensityRun("container", List.of(), List.of(), s)));
    }

    @Test
    void moreMemoryPerInstanceIsARegressionLessIsNot() {
        DensityGate gate = new DensityGate(5);
        assertTrue(gate.compare(run("startup.idle", 100_000, 30), run("startup.idle", 120_000, 30)).regression());
        assertFalse(gate.compare(run("startup.idle", 120_000, 30), run("startup.idle", 100_000, 30)).regression());
    }

    @Test
    void aLowerCreationRateIsARegressionAHigherIsNot() {
        DensityGate gate = new DensityGate(5);
        assertTrue(gate.compare(run("startup.idle", 100_000, 30), run("startup.idle", 100_000, 20)).regression());
        assertFalse(gate.compare(run("startup.idle", 100_000, 20), run("startup.idle", 100_000, 30)).regression());
        // within the threshold
        assertFalse(gate.compare(run("startup.idle", 100_000, 30), run("startup.idle", 104_000, 29)).regression());
    }

    @Test
    void differentWorkloadsAreNotCompared() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> new DensityGate(5).compare(run("startup.idle", 1, 1), run("startup.idle-jvm", 1, 1)));
        assertEquals("the density runs used different workloads (startup.idle vs startup.idle-jvm)", e.getMessage());
    }
}
