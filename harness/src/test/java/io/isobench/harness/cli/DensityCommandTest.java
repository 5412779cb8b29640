package io.isobench.harness.cli;

import io.isobench.model.density.DensityJson;
import io.isobench.model.density.DensityResults;
import io.isobench.model.density.DensityRun;
import io.isobench.model.density.DensitySummary;
import io.isobench.model.density.RampPoint;
import io.isobench.runtime.cgroup.CgroupManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static io.isobench.harness.cli.RunCommandTest.cli;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code isobench density} with real instances (root, as in CI): a ramp of bare processes and
 * containers, a start that fails for real (the temp directory's filesystem runs out of
 * inodes) and Ctrl-C mid-ramp. No timing assertions: only that the figures are sane and
 * nothing is left behind.
 */
class DensityCommandTest {

    @Test
    void twentyBareAndTwentyContainersAllReadyWithSaneFiguresAndNothingLeft(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("out");
        var r = cli("density", "--runtimes", "bare,container", "--count", "20", "--steady", "1", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        DensityResults d = DensityJson.read(out.resolve("density.json"));
        assertEquals(DensityResults.SCHEMA, d.schema());
        assertFalse(d.interrupted());
        assertEquals(List.of("bare", "container"), d.runs().stream().map(DensityRun::runtime).toList());
        for (DensityRun run : d.runs()) {
            DensitySummary s = run.summary();
            assertEquals(20, s.reached(), run.runtime() + ": " + s.stopReason());
            assertNull(s.stopReason());
            assertEquals(20, run.ramp().size());
            assertTrue(s.allReadyMs() > 0 && s.instancesPerSecond() > 0, s.toString());
            assertTrue(s.soloReadyMs() > 0 && s.readyP50Ms() > 0 && s.readyP50Ms() <= s.readyP90Ms()
                    && s.readyP90Ms() <= s.readyP99Ms(), s.toString());
            for (RampPoint p : run.ramp()) {
                // The idle program's processes: the launcher and the idle program, each with some memory.
                assertTrue(p.pssBytes() > 0 && p.rssBytes() >= p.pssBytes(), p.toString());
                assertTrue(p.cgroupMemoryBytes() > 0, p.toString());
                assertTrue(p.readyAtMs() >= p.startMs() && p.readyMs() > 0, p.toString());
                assertTrue(p.hostMemoryBytes() > 0, p.toString());
            }
            assertEquals(0, s.oomKilled());
            assertTrue(s.teardownMs() > 0);
            assertEquals(List.of(), s.leftovers(), run.runtime());
            assertNotNull(s.marginalBytes(), "a fit needs the samples of several waves");
            assertTrue(run.memory().size() >= 11, "one sample before and one per wave of 2 at least: " + run.memory().size());
            assertTrue(s.ksm() != null && !s.ksm().isBlank());
        }
        assertNoCgroupsOf(ProcessHandle.current().pid(), "density");
        String md = Files.readString(out.resolve("report.md"));
        assertTrue(md.contains("## Density") && md.contains("| bare | container") && md.contains("20 (of 20)"), md);
        assertTrue(Files.size(out.resolve("charts/density-memory.svg")) > 0);
        assertTrue(Files.size(out.resolve("charts/density-ready.png")) > 0);
        assertTrue(Files.readString(out.resolve("report.html")).contains("data:image/png;base64,"));

        // report re-renders from density.json alone; compare of a run with itself finds no regression.
        Files.delete(out.resolve("report.md"));
        assertEquals(0, cli("report", out.toString()).code());
        assertTrue(Files.exists(out.resolve("report.md")));
        var same = cli("compare", out.toString(), out.toString());
        assertEquals(0, same.code(), same.err());
    }

    @Test
    void anySuiteWorkloadRunsAsTheDensityWorkloadWithAScratchDirectoryWhenItNeedsOne(@TempDir Path tmp) throws Exception {
        for (String workload : List.of("cpu.sha256", "io.seq-write")) {
            Path out = tmp.resolve(workload);
            var r = cli("density", "--runtimes", "bare,container", "--workload", workload, "--count", "2", "--steady", "1",
                    "--out", out.toString());
            assertEquals(0, r.code(), r.err());
            DensityResults d = DensityJson.read(out.resolve("density.json"));
            assertEquals(workload, d.config().workload());
            for (DensityRun run : d.runs()) {
                DensitySummary s = run.summary();
                assertEquals(2, s.reached(), workload + " " + run.runtime() + ": " + s.stopReason());
                // A JVM workload: its PSS is megabytes, not the idle program's kilobytes.
                assertTrue(s.pssPerInstanceBytes() > 4L << 20, workload + " " + run.runtime() + ": " + s);
                assertEquals(List.of(), s.leftovers(), workload + " " + run.runtime() + " (its scratch directories too)");
                assertNull(s.vmPerInstance());
            }
        }
        var net = cli("density", "--runtimes", "bare", "--workload", "net.tcp-rr", "--out", tmp.resolve("net").toString());
        assertEquals(2, net.code());
        assertTrue(net.err().contains("far end"), net.err());
    }

    @Test
    void aStartThatFailsEndsTheRampWithHowManyFit(@TempDir Path tmp) throws Exception {
        // A real exhaustion: the JVM's temp directory is a tmpfs with few inodes, and every
        // bare instance keeps three there (its report directory, report and stderr files).
        Path small = Files.createDirectories(tmp.resolve("small-tmp"));
        exec("mount", "-t", "tmpfs", "-o", "size=1m,nr_inodes=24", "isobench-density-test", small.toString());
        try {
            Path out = tmp.resolve("out");
            Process p = isobench(tmp.resolve("log"), List.of("-Djava.io.tmpdir=" + small),
                    "density", "--runtimes", "bare", "--count", "20", "--steady", "0", "--out", out.toString());
            assertTrue(p.waitFor(300, TimeUnit.SECONDS), "density did not end");
            String log = Files.readString(tmp.resolve("log"));
            assertEquals(0, p.exitValue(), log);
            DensitySummary s = DensityJson.read(out.resolve("density.json")).runs().get(0).summary();
            assertNotNull(s.stopReason(), "the ramp should have ended early: " + s);
            Matcher m = Pattern.compile("^instance (\\d+) could not start: .+; (\\d+) fit \\(ready at once\\)$").matcher(s.stopReason());
            assertTrue(m.matches(), s.stopReason());
            int fit = Integer.parseInt(m.group(2));
            assertEquals(s.reached(), fit);
            assertTrue(fit >= 1 && fit < 20, s.stopReason());
            assertEquals(Integer.parseInt(m.group(1)) - 1, fit, "instance k failed: k - 1 fit: " + s.stopReason());
            assertEquals(List.of(), s.leftovers());
            try (Stream<Path> left = Files.list(small)) {
                assertEquals(List.of(), left.toList(), "every instance's files removed, also after the failure");
            }
            assertNoCgroupsOf(p.pid(), "");
        } finally {
            exec("umount", small.toString());
        }
    }

    @Test
    void sigintMidRampStopsEverythingWritesTheFiguresAndExits130(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("out");
        Path log = tmp.resolve("log");
        Process p = isobench(log, List.of(), "density", "--runtimes", "container", "--count", "5000", "--concurrency", "1",
                "--out", out.toString());
        try {
            // Wait until the ramp is under way: a good number of containers (launcher + idle) running.
            long deadline = System.currentTimeMillis() + 240_000;
            List<ProcessHandle> seen = new ArrayList<>();
            while (seen.size() < 20) {
                assertTrue(p.isAlive(), "density ended early: " + Files.readString(log));
                assertTrue(System.currentTimeMillis() < deadline, "no ramp after 240 s: " + Files.readString(log));
                seen = p.toHandle().descendants().toList();
                Thread.sleep(50);
            }
            exec("kill", "-INT", Long.toString(p.pid()));
            assertTrue(p.waitFor(120, TimeUnit.SECONDS), "density did not stop after SIGINT");
            String text = Files.readString(log);
            assertEquals(130, p.exitValue(), text);
            DensityResults d = DensityJson.read(out.resolve("density.json"));
            assertTrue(d.interrupted());
            DensitySummary s = d.runs().get(0).summary();
            assertTrue(s.reached() >= 5 && s.reached() < 5000, s.toString());
            assertTrue(s.stopReason().startsWith("interrupted"), s.stopReason());
            assertEquals(List.of(), s.leftovers());
            assertTrue(Files.exists(out.resolve("report.md")) && Files.exists(out.resolve("report.html")));
            for (ProcessHandle h : seen) {
                long reap = System.currentTimeMillis() + 5_000;
                while (h.isAlive() && System.currentTimeMillis() < reap) {
                    Thread.sleep(20);
                }
                assertFalse(h.isAlive(), "process " + h.pid() + " survived");
            }
            assertNoCgroupsOf(p.pid(), "");
        } finally {
            p.destroyForcibly();
        }
    }

    /** isobench as a child JVM with the test's classpath, SIGINT at its default disposition. */
    private static Process isobench(Path log, List<String> jvmArgs, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("env", "--default-signal=INT",
                Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(jvmArgs);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.isobench.harness.Main"));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private static void exec(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), String.join(" ", cmd) + ": " + text);
    }

    /** No cgroup of that process's CgroupManager (name prefix isobench-PID_) whose label contains {@code label}. */
    private static void assertNoCgroupsOf(long pid, String label) throws IOException {
        String prefix = "isobench-" + pid + "_";
        for (Path parent : CgroupManager.open().parents()) {
            try (Stream<Path> list = Files.list(parent)) {
                List<Path> left = list.filter(d -> d.getFileName().toString().startsWith(prefix)
                        && d.getFileName().toString().contains(label)).toList();
                assertEquals(List.of(), left, "cgroups left behind");
            }
        }
    }
}
