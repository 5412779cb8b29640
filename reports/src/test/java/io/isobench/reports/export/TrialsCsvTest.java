package io.isobench.reports.export;

import io.isobench.model.Status;
import io.isobench.model.Trial;
import io.isobench.reports.Synthetic;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrialsCsvTest {
    @Test
    void oneRowPerTrialWithPhaseMetricAndExitColumns() {
        Synthetic s = new Synthetic(4).startup("vm", "startup.noop", 2, 100, 0.01)
                .metric("bare", "cpu.sha256", 1, "throughput", "ops/s", true, 1000, 0.01)
                .add(new Trial("bare", "cpu.sha256", 2, false, Status.FAILED, "exit code 1: \"quoted\", comma", null, null, null, null, null));
        String csv = TrialsCsv.render(s.trials().stream().map(t -> new TrialsCsv.Row("h", t)).toList());
        List<String> lines = csv.lines().toList();
        assertEquals(1 + 4, lines.size());
        String header = lines.get(0);
        assertTrue(header.startsWith("host,runtime,workload,trial,warmup,status,reason,startedAt,totalMs,readyMs,cpuUserNs"), header);
        assertTrue(header.contains("phase:launcher (ms)") && header.contains("metric:throughput (ops/s)") && header.contains("exits:hlt"), header);
        assertTrue(lines.get(1).startsWith("h,vm,startup.noop,1,false,ok,,"), lines.get(1));
        assertTrue(header.endsWith(",vm.guestMemoryBytes,vm.touchedBytes,vm.monitorOverheadBytes,exits:hlt,exits:io,exits:mmio"), header);
        assertTrue(lines.get(1).endsWith(",268435456,94371840,20971520,300,1200,800"),
                "guest RAM, touched, monitor overhead, exits hlt, io, mmio: " + lines.get(1));
        assertTrue(lines.get(3).endsWith(",,,,,,"), "a bare trial has no VM figures: " + lines.get(3));
        assertTrue(lines.get(4).contains(",failed,\"exit code 1: \"\"quoted\"\", comma\","), lines.get(4));
        int columns = header.split(",", -1).length;
        assertEquals(columns, lines.get(1).split(",", -1).length);
        assertEquals(columns, lines.get(2).split(",", -1).length);
        assertTrue(csv.contains("\r\n"), "RFC 4180 line ends");
    }
}
