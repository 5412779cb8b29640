package io.isobench.harness.density;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DensityWorkloadTest {

    @Test
    void idleWorkloadsAndEverySuiteWorkloadButTheNetOnesResolve() {
        assertEquals(List.of("opt/isobench/bin/idle"), DensityWorkload.resolve("startup.idle").command());
        DensityWorkload sha = DensityWorkload.resolve("cpu.sha256");
        assertEquals("cpu.sha256", sha.id());
        assertFalse(sha.needsScratch());
        assertTrue(sha.command().contains("cpu.sha256"), sha.command().toString());
        assertTrue(DensityWorkload.resolve("io.seq-write").needsScratch());
        var net = assertThrows(IllegalArgumentException.class, () -> DensityWorkload.resolve("net.tcp-rr"));
        assertTrue(net.getMessage().contains("far end"), net.getMessage());
        var unknown = assertThrows(IllegalArgumentException.class, () -> DensityWorkload.resolve("cpu.nope"));
        assertTrue(unknown.getMessage().startsWith("unknown density workload 'cpu.nope'"), unknown.getMessage());
    }
}
