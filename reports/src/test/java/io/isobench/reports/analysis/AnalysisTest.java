package io.isobench.reports.analysis;

import io.isobench.model.Results;
import io.isobench.model.ResultsJson;
import io.isobench.model.Status;
import io.isobench.model.SummaryRow;
import io.isobench.model.Trial;
import io.isobench.reports.Synthetic;
import io.isobench.reports.figures.HarnessFigures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AnalysisTest {
    static Synthetic data() {
        return Synthetic.threeRuntimes();
    }

    @Test
    void summarizesEveryFigureAndComparesEveryRuntime() {
        Analysis a = Analysis.of(data().trials());
        assertEquals(List.of("bare", "container", "vm"), a.runtimes());
        assertEquals(List.of("startup.noop", "cpu.sha256"), a.workloads());
        assertEquals(HarnessFigures.TOTAL_MS, a.headline("startup.noop"));
        assertEquals("throughput", a.headline("cpu.sha256").name());
        // startup.noop: no metrics, no ready point, no reads: totalMs, cpuMs, memory, writes
        assertEquals(List.of("totalMs", "cpuMs", "memoryPeakBytes", "ioWriteBytes", "vmExits", "vmTouchedBytes", "vmMonitorOverheadBytes"),
                a.figures("startup.noop").stream().map(f -> f.name()).toList());
        assertEquals("throughput", a.figures("cpu.sha256").get(0).name());
        // VM-only figures: present for the VM, compared with nothing
        assertEquals(2300.0, a.find("vm", "startup.noop", HarnessFigures.VM_EXITS).orElseThrow().stats().mean());
        assertTrue(a.find("bare", "startup.noop", HarnessFigures.VM_EXITS).isEmpty());
        assertTrue(a.comparisons("startup.noop", HarnessFigures.VM_EXITS).isEmpty());
        assertEquals(10, a.find("bare", "startup.noop", HarnessFigures.TOTAL_MS).orElseThrow().stats().n(),
                "the warm-up is not counted");
        assertEquals(10, a.find("container", "cpu.sha256", a.headline("cpu.sha256")).orElseThrow().stats().n(),
                "the failed trial is not counted");

        List<Comparison> noop = a.comparisons("startup.noop", HarnessFigures.TOTAL_MS);
        assertEquals(List.of("container/bare", "vm/bare", "vm/container"),
                noop.stream().map(c -> c.runtime() + "/" + c.baseline()).toList());
        assertTrue(noop.get(0).verdict().startsWith("container 3"), noop.get(0).verdict()); // ~300% slower
        assertTrue(noop.get(0).verdict().contains("slower"));
        List<Comparison> sha = a.comparisons("cpu.sha256", a.headline("cpu.sha256"));
        assertEquals("no measurable difference", sha.get(0).verdict());
        assertTrue(sha.get(1).verdict().startsWith("vm 10") || sha.get(1).verdict().startsWith("vm 9"), sha.get(1).verdict());
        assertTrue(sha.get(1).verdict().contains("slower"), "lower throughput is slower: " + sha.get(1).verdict());
    }

    @Test
    void leftOutTrialsAreExplained() {
        Analysis a = Analysis.of(data().trials());
        assertEquals(2, a.excluded().size());
        assertEquals("warm-up", a.excluded().get(0).why());
        assertTrue(a.warnings().stream().anyMatch(w -> w.contains("container cpu.sha256 failed: exit code 1: boom")), a.warnings().toString());
    }

    @Test
    void noisyFiguresAreWarnedAboutWithTheTrialsNeeded() {
        Synthetic s = new Synthetic(5).startup("bare", "startup.noop", 5, 10, 0.3).startup("container", "startup.noop", 5, 10, 0.01);
        Analysis a = Analysis.of(s.trials());
        String w = a.warnings().stream().filter(x -> x.contains("noisy")).findFirst().orElseThrow();
        assertTrue(w.startsWith("startup.noop totalMs on bare is noisy"), w);
        assertTrue(w.matches(".*about \\d+ trials per runtime would resolve a 5% difference.*"), w);
    }

    @Test
    void summaryRowsSurviveTheResultsFile(@TempDir Path tmp) throws Exception {
        Synthetic s = data();
        s.startup("bare", "startup.single", 1, 3, 0.01);
        Results r = s.results();
        Path f = tmp.resolve("results.json");
        ResultsJson.write(f, r);
        Results back = ResultsJson.read(f);
        assertEquals(r.summary().size(), back.summary().size());
        SummaryRow single = back.summary().stream().filter(x -> x.workload().equals("startup.single")).findFirst().orElseThrow();
        assertEquals(1, single.n());
        assertTrue(Double.isNaN(single.ciLow()), "an unknown interval stays unknown");
        assertEquals(null, single.medianCiLow());
        SummaryRow noop = back.summary().stream().filter(x -> x.workload().equals("startup.noop") && x.runtime().equals("vm")
                && x.metric().equals("totalMs")).findFirst().orElseThrow();
        assertTrue(noop.medianCiLow() < noop.median() && noop.median() < noop.medianCiHigh(), noop.toString());
        assertEquals(0, noop.outliers());
        assertFalse(back.summary().isEmpty());
    }
}
