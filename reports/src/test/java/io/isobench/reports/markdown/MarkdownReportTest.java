package io.isobench.reports.markdown;

import io.isobench.model.Status;
import io.isobench.model.Trial;
import io.isobench.reports.Source;
import io.isobench.reports.Synthetic;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MarkdownReportTest {
    @Test
    void summaryTableHasARowPerWorkloadWithVerdicts() {
        String md = MarkdownReport.render(Source.labelled(List.of(Synthetic.threeRuntimes().results())));
        assertTrue(md.startsWith("# isobench report\n"), md);
        assertTrue(md.contains("| workload | figure | bare | container | vm | verdict |"), md);
        String noop = md.lines().filter(l -> l.startsWith("| startup.noop | totalMs (ms) |")).findFirst().orElseThrow();
        assertTrue(noop.contains("container ") && noop.contains("slower, 95% CI"), noop);
        assertTrue(noop.contains("(vs container)"), noop);
        String sha = md.lines().filter(l -> l.startsWith("| cpu.sha256 | throughput (ops/s) |")).findFirst().orElseThrow();
        assertTrue(sha.contains("no measurable difference"), sha);
        // every table row has as many cells as its header
        long headerCells = md.lines().filter(l -> l.startsWith("| workload | figure | bare")).findFirst().orElseThrow().chars().filter(c -> c == '|').count();
        assertEquals(headerCells, noop.chars().filter(c -> c == '|').count());
        assertTrue(md.contains("## Warnings"), md);
        assertTrue(md.contains("container cpu.sha256 failed: exit code 1: boom"), md);
        assertTrue(md.contains("Reproduce: `isobench run --runtimes bare,container,vm --seed 42`"), md);
    }

    /** An interrupted two-runtime run: one workload has both runtimes, one has only bare (issue 15). */
    @Test
    void workloadsWithoutASecondRuntimeAreNamed() {
        Synthetic s = new Synthetic(5)
                .startup("bare", "startup.noop", 5, 2.0, 0.03)
                .startup("container", "startup.noop", 5, 8.0, 0.03)
                .metric("bare", "cpu.sha256", 5, "throughput", "MB/s", true, 1000, 0.02);
        String md = MarkdownReport.render(Source.labelled(List.of(s.results())));
        assertTrue(md.contains("Not compared (fewer than two runtimes with successful trials):\n\n- cpu.sha256: only bare has"
                + " successful trials\n"), md);
        assertTrue(md.contains("startup.noop | totalMs (ms) | container vs bare"), md);

        String alone = MarkdownReport.render(Source.labelled(List.of(new Synthetic(6)
                .metric("bare", "cpu.sha256", 5, "throughput", "MB/s", true, 1000, 0.02).results())));
        assertTrue(alone.contains("No comparisons: no workload has successful trials in two runtimes.\n\n- cpu.sha256: only bare"
                + " has successful trials\n"), alone);
    }

    @Test
    void mergedReportHasAColumnPerHost() {
        Synthetic a = new Synthetic(1).startup("bare", "startup.noop", 5, 2, 0.02).startup("container", "startup.noop", 5, 3, 0.02);
        Synthetic b = new Synthetic(2).startup("bare", "startup.noop", 5, 4, 0.02).startup("container", "startup.noop", 5, 4, 0.02);
        String md = MarkdownReport.render(Source.labelled(List.of(a.results("alpha"), b.results("beta"))));
        assertTrue(md.contains("| workload | figure | runtime | alpha | beta |"), md);
        String row = md.lines().filter(l -> l.startsWith("| startup.noop | totalMs (ms) | container |")).findFirst().orElseThrow();
        assertTrue(row.contains("container 5") && row.contains("no measurable difference"), row);
    }

    @Test
    void anUnavailableRuntimeSaysSoInTheSummaryAndWhyInTheWarnings() {
        String why = "KVM is emulated here, so the VM runtime is unavailable";
        Synthetic s = new Synthetic(6).startup("bare", "startup.noop", 3, 2.0, 0.03)
                .add(new Trial("vm", "startup.noop", 1, false, Status.UNAVAILABLE, why, null, null, null, null, null));
        String md = MarkdownReport.render(Source.labelled(List.of(s.results())));
        assertTrue(md.contains("| workload | figure | bare | vm | verdict |"), md);
        String row = md.lines().filter(l -> l.startsWith("| startup.noop | totalMs (ms) |")).findFirst().orElseThrow();
        assertTrue(row.endsWith(" | unavailable | – |"), row);
        assertTrue(md.contains("- 1 trial left out of the statistics: runtime vm unavailable: " + why + "\n"), md);
    }
}
