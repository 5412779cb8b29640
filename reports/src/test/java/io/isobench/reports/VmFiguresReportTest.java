package io.isobench.reports;

import com.fasterxml.jackson.databind.JsonNode;
import io.isobench.model.Phase;
import io.isobench.model.Resources;
import io.isobench.model.Results;
import io.isobench.model.ResultsJson;
import io.isobench.model.Status;
import io.isobench.model.SummaryRow;
import io.isobench.model.Timeline;
import io.isobench.model.Trial;
import io.isobench.model.VmStats;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A VM trial's own figures (exits by reason, guest RAM, touched memory, monitor overhead)
 * reach results.json, report.md and report.html, as medians per runtime and workload. The
 * values differ between trials so that a median is told apart from a mean, a first or a
 * last value; a warm-up and a failed VM trial carry absurd values that must not show.
 */
class VmFiguresReportTest {
    private static final long MIB = 1L << 20;

    @Test
    void vmTrialsFiguresReachEveryReport(@TempDir Path dir) throws Exception {
        Results results = run();
        ResultsJson.write(dir.resolve("results.json"), results);
        ReportWriter.writeAll(dir, results);

        String md = Files.readString(dir.resolve("report.md"));
        assertTrue(md.contains("## VM: monitor memory and exits\n"), md);
        String header = "| workload | runtime | n | guest RAM | touched guest memory | monitor overhead | exits | exits by reason |";
        assertTrue(md.contains(header), md);
        // startup.noop: overhead 30/31/90 MiB -> median 31 MiB (the mean would be 50.3 MiB);
        // exits io 1000/1200/5000, mmio 800/700/900, hlt 300/310/20 -> 1200, 800, 300.
        String noop = row(md, "| startup.noop | vm |");
        assertEquals("| startup.noop | vm | 3 | 256 MiB | 90.0 MiB | 31.0 MiB | 2210 | io 1200, mmio 800, hlt 300 |", noop);
        String sha = row(md, "| cpu.sha256 | vm |");
        assertEquals("| cpu.sha256 | vm | 2 | 512 MiB | 300 MiB | 42.5 MiB | 6250 | hlt 4000, io 2000, mmio 250 |", sha);
        assertEquals(count(header, '|'), count(noop, '|'), "row and header cells differ");
        assertFalse(md.lines().anyMatch(l -> l.startsWith("| startup.noop | bare |") && l.contains("MiB |")),
                "bare has no VM figures, yet got a VM row:\n" + md);
        assertTrue(md.contains("monitor overhead is the monitor process's resident memory minus that"), md);
        assertTrue(md.contains("Firecracker's specification promises a monitor memory overhead of at most 5 MiB"), md);
        assertFalse(md.contains("999"), "a warm-up's or a failed trial's figures reached report.md:\n" + md);

        String html = Files.readString(dir.resolve("report.html"));
        assertTrue(html.contains("<h2>VM: monitor memory and exits</h2>"), "no VM section in report.html");
        assertTrue(html.contains("<tr><td>startup.noop</td><td>vm</td><td class=\"num\">3</td><td class=\"num\">256 MiB</td>"
                + "<td class=\"num\">90.0 MiB</td><td class=\"num\">31.0 MiB</td><td class=\"num\">2210</td>"
                + "<td>io 1200, mmio 800, hlt 300</td></tr>"), "report.html lacks the startup.noop vm row");

        // results.json keeps every trial's own figures under the contract's names, and the medians in the summary.
        JsonNode json = ResultsJson.mapper().readTree(dir.resolve("results.json").toFile());
        JsonNode first = null;
        for (JsonNode t : json.get("trials")) {
            if (t.get("runtime").asText().equals("vm") && t.get("workload").asText().equals("startup.noop")
                    && t.get("trial").asInt() == 1 && !t.get("warmup").asBoolean()) {
                first = t.get("vm");
            }
        }
        assertTrue(first != null, "no vm trial 1 of startup.noop in results.json");
        assertEquals(1000, first.get("exits").get("io").asLong());
        assertEquals(800, first.get("exits").get("mmio").asLong());
        assertEquals(300, first.get("exits").get("hlt").asLong());
        assertEquals(256 * MIB, first.get("guestMemoryBytes").asLong());
        assertEquals(90 * MIB, first.get("touchedBytes").asLong());
        assertEquals(30 * MIB, first.get("monitorOverheadBytes").asLong());
        Results back = ResultsJson.read(dir.resolve("results.json"));
        assertEquals(results.trials(), back.trials());
        SummaryRow overhead = back.summary().stream()
                .filter(r -> r.runtime().equals("vm") && r.workload().equals("startup.noop") && r.metric().equals("vmMonitorOverheadBytes"))
                .findFirst().orElseThrow(() -> new AssertionError("no vmMonitorOverheadBytes summary row"));
        assertEquals(31.0 * MIB, overhead.median());
        assertEquals(3, overhead.n());
    }

    @Test
    void aRunWithoutVmTrialsHasNoVmSection() {
        String md = io.isobench.reports.markdown.MarkdownReport.render(
                Source.labelled(List.of(new Synthetic(4).startup("bare", "startup.noop", 3, 2.0, 0.03).results())));
        assertFalse(md.contains("## VM"), md);
    }

    /** Bare and vm trials of two workloads, plus a vm warm-up and a failed vm trial that must not count. */
    private static Results run() {
        Synthetic s = new Synthetic(9).startup("bare", "startup.noop", 3, 2.0, 0.03);
        List<Trial> vm = new ArrayList<>();
        vm.add(vmTrial("startup.noop", 1, false, Status.OK, stats(1000, 800, 300, 256, 90, 30)));
        vm.add(vmTrial("startup.noop", 2, false, Status.OK, stats(1200, 700, 310, 256, 88, 31)));
        vm.add(vmTrial("startup.noop", 3, false, Status.OK, stats(5000, 900, 20, 256, 95, 90)));
        vm.add(vmTrial("startup.noop", 1, true, Status.OK, stats(999_999, 999_999, 999_999, 999, 999, 999)));
        vm.add(vmTrial("startup.noop", 4, false, Status.FAILED, stats(999_999, 999_999, 999_999, 999, 999, 999)));
        vm.add(vmTrial("cpu.sha256", 1, false, Status.OK, stats(1500, 200, 4000, 512, 280, 40)));
        vm.add(vmTrial("cpu.sha256", 2, false, Status.OK, stats(2500, 300, 4000, 512, 320, 45)));
        vm.forEach(s::add);
        return s.results();
    }

    private static VmStats stats(long io, long mmio, long hlt, long guestMiB, long touchedMiB, long overheadMiB) {
        return new VmStats(Map.of("io", io, "mmio", mmio, "hlt", hlt), guestMiB * MIB, touchedMiB * MIB, overheadMiB * MIB);
    }

    private static Trial vmTrial(String workload, int index, boolean warmup, Status status, VmStats stats) {
        double total = 150 + index;
        return new Trial("vm", workload, index, warmup, status, status == Status.OK ? null : "exit code 1",
                new Timeline(List.of(new Phase("boot", total - 20), new Phase("workload", 20)), null, total),
                new Resources(40_000_000, 20_000_000, 300 * MIB, 0, 0), List.of(), stats, "2026-01-01T00:00:00Z");
    }

    private static String row(String md, String prefix) {
        return md.lines().filter(l -> l.startsWith(prefix)).findFirst()
                .orElseThrow(() -> new AssertionError("no row " + prefix + " in:\n" + md));
    }

    private static long count(String s, char c) {
        return s.chars().filter(x -> x == c).count();
    }
}
