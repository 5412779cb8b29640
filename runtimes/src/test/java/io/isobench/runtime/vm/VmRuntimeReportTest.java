package io.isobench.runtime.vm;

import io.isobench.model.VmStats;
import io.isobench.runtime.Execution;
import io.isobench.runtime.Mark;
import io.isobench.runtime.RuntimeFailure;
import io.isobench.runtime.vm.process.VmmReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The monitor process's report becomes the trial's VM figures: exits by reason, guest RAM,
 * touched memory and the monitor's overhead (its RSS minus the touched guest memory), with the
 * VM's instants merged into the launcher's timeline. The report goes through its real file.
 */
class VmRuntimeReportTest {
    private static final long MIB = 1L << 20;

    @Test
    void theMonitorsReportBecomesTheTrialsVmStats(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("report.json");
        new VmmReport(List.of(new VmmReport.NamedInstant("kernel-entry", 1_500L), new VmmReport.NamedInstant("workload-end", 2_500L)),
                0, null, "reset", Map.of("io", 4100L, "mmio", 950L, "hlt", 12L), 256 * MIB, 70 * MIB, 118 * MIB,
                List.of(), Map.of(), Map.of("rxFrames", 3L, "txFrames", 4L, "drop.tx_too_short", 1L),
                Map.of("COM2.delivered", 20L), Map.of()).write(file);
        Execution launcher = new Execution(1, false, "out", "", 1_000L,
                List.of(new Mark("launcher", 1_200L), new Mark("exit", 3_000L)), 5, 6, null, null);

        Execution e = VmRuntime.withVm(launcher, file, dir.resolve("console.log"));

        VmStats vm = e.vm();
        assertEquals(Map.of("hlt", 12L, "io", 4100L, "mmio", 950L), vm.exits());
        assertEquals(256 * MIB, vm.guestMemoryBytes());
        assertEquals(70 * MIB, vm.touchedBytes());
        assertEquals(48 * MIB, vm.monitorOverheadBytes(), "overhead = RSS 118 MiB - touched 70 MiB");
        assertEquals(Map.of("drop.tx_too_short", 1L, "rxFrames", 3L, "txFrames", 4L), vm.net(), "the network counters");
        assertEquals(List.of("launcher", "kernel-entry", "workload-end", "exit"), e.marks().stream().map(Mark::name).toList());
        assertEquals(0, e.exitCode(), "the workload's exit code comes from the guest, not from the monitor process");
    }

    @Test
    void aMonitorThatLeftNoReportIsAFailureUnlessItTimedOut(@TempDir Path dir) throws Exception {
        Path none = dir.resolve("missing.json");
        Execution died = new Execution(3, false, "", "boom\nlast words\n", 1L, List.of(), 0, 0, null, null);
        RuntimeFailure f = assertThrows(RuntimeFailure.class, () -> VmRuntime.withVm(died, none, dir.resolve("c")));
        assertTrue(f.getMessage().contains("without a report (exit code 3): last words"), f.getMessage());
        Execution killed = new Execution(137, true, "", "", 1L, List.of(), 0, 0, null, null);
        assertSame(killed, VmRuntime.withVm(killed, none, dir.resolve("c")));
    }
}
