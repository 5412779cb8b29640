package io.isobench.harness.cli;

import io.isobench.harness.Main;
import io.isobench.model.Results;
import io.isobench.model.ResultsJson;
import io.isobench.model.Status;
import io.isobench.model.Trial;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code isobench run} end to end on the bare runtime, as root, with the real image. */
class RunCommandTest {

    record Cli(int code, String err) {
    }

    static Cli cli(String... args) {
        PrintStream saved = System.err;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setErr(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            return new Cli(Main.run(args), buf.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(saved);
        }
    }

    @Test
    void bareRunProducesOkTrialsWithRealMeasurements(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("out");
        Cli r = cli("run", "--runtimes", "bare", "--workloads", "startup.noop,startup.jvm-hello", "--quick",
                "--trials", "2", "--warmups", "1", "--seed", "1", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        List<Trial> logged = ResultsJson.readTrials(out.resolve("trials.jsonl"));
        assertEquals(2 * (2 + 1), logged.size());
        Results results = ResultsJson.read(out.resolve("results.json"));
        assertEquals(logged, results.trials());
        assertFalse(results.interrupted());
        assertEquals(1L, results.config().seed());
        assertEquals(List.of("bare"), results.config().runtimes());
        assertEquals("hybrid", results.host().cgroupMode());
        assertEquals("quick", results.config().length(), "how long each workload measured in a trial");
        // The host's noise sources, read before the first trial and after the last (issue 15).
        for (var side : List.of(results.conditions().before(), results.conditions().after())) {
            assertTrue(side.stream().anyMatch(c -> c.name().equals("thp") && List.of("always", "madvise", "never").contains(c.value())), side.toString());
            assertTrue(side.stream().anyMatch(c -> c.name().equals("load") && c.value().endsWith("CPUs")), side.toString());
        }
        String md = java.nio.file.Files.readString(out.resolve("report.md"));
        results.conditions().before().stream().filter(c -> c.warning() != null)
                .forEach(c -> assertTrue(md.contains("host (before the run): " + c.warning()), "report.md lacks " + c));
        for (Trial t : logged) {
            assertEquals(Status.OK, t.status(), t.reason());
            assertTrue(t.timeline().totalMs() > 0);
            assertTrue(t.resources().cpuUserNs() + t.resources().cpuSystemNs() > 0, "no CPU time: " + t);
            assertTrue(t.resources().memoryPeakBytes() > 0, "no peak memory: " + t);
        }
        // A JVM start costs more CPU and memory than a static no-op: faked figures would not show it.
        long noopCpu = maxCpu(logged, "startup.noop");
        long jvmCpu = minCpu(logged, "startup.jvm-hello");
        assertTrue(jvmCpu > 3 * noopCpu, "jvm-hello " + jvmCpu + " ns vs noop " + noopCpu + " ns");
        long noopMem = logged.stream().filter(t -> t.workload().equals("startup.noop")).mapToLong(t -> t.resources().memoryPeakBytes()).max().orElseThrow();
        long jvmMem = logged.stream().filter(t -> t.workload().equals("startup.jvm-hello")).mapToLong(t -> t.resources().memoryPeakBytes()).min().orElseThrow();
        assertTrue(jvmMem > 4 * noopMem, "jvm-hello peak " + jvmMem + " vs noop " + noopMem);
    }

    @Test
    void ioWorkloadsReportTheBytesTheyWrite(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("out");
        Cli r = cli("run", "--runtimes", "bare", "--workloads", "io", "--quick", "--trials", "1", "--warmups", "0",
                "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        List<Trial> trials = ResultsJson.readTrials(out.resolve("trials.jsonl"));
        assertFalse(trials.isEmpty());
        for (Trial t : trials) {
            assertEquals(Status.OK, t.status(), t.reason());
            // Block I/O the cgroup saw: at least a MiB each (write workloads write, read workloads
            // read past the page cache); a faked or unaccounted figure is 0.
            long bytes = t.resources().ioWriteBytes() + t.resources().ioReadBytes();
            assertTrue(bytes >= 1 << 20, t.workload() + " moved " + bytes + " bytes");
        }
    }

    static long maxCpu(List<Trial> trials, String workload) {
        return trials.stream().filter(t -> t.workload().equals(workload))
                .mapToLong(t -> t.resources().cpuUserNs() + t.resources().cpuSystemNs()).max().orElseThrow();
    }

    static long minCpu(List<Trial> trials, String workload) {
        return trials.stream().filter(t -> t.workload().equals(workload))
                .mapToLong(t -> t.resources().cpuUserNs() + t.resources().cpuSystemNs()).min().orElseThrow();
    }

    @Test
    void badInputGetsOneSentenceAndANonZeroExit(@TempDir Path tmp) throws Exception {
        String out = tmp.resolve("o").toString();
        expectError("bad size '12Q' for --memory", "run", "--memory", "12Q", "--out", out);
        expectError("--trials must be at least 1", "run", "--trials", "0", "--out", out);
        expectError("unknown runtime 'qemu'", "run", "--runtimes", "qemu", "--out", out);
        expectError("nosuch", "run", "--workloads", "nosuch.workload", "--out", out);
        expectError("not an int", "run", "--trials", "many");
        expectError("--budget caps adaptive trials; it cannot go with --trials", "run", "--trials", "3", "--budget", "5", "--out", out);
        expectError("--budget must be 0 (none) or more minutes", "run", "--budget", "-1", "--out", out);
        Path file = Files.writeString(tmp.resolve("file"), "x");
        expectError("cannot create the output directory", "run", "--out", file.resolve("sub").toString());
        Path used = Files.createDirectories(tmp.resolve("used"));
        Files.writeString(used.resolve("trials.jsonl"), "");
        expectError("already holds results", "run", "--out", used.toString());
    }

    @Test
    void aDefaultAdaptiveRunHasATenMinuteBudgetAThoroughOneNone() {
        assertEquals(600, RunCommand.budgetSeconds(null, false));
        assertEquals(null, RunCommand.budgetSeconds(null, true));
        assertEquals(null, RunCommand.budgetSeconds(0.0, false));
        assertEquals(150, RunCommand.budgetSeconds(2.5, true));
    }

    static void expectError(String part, String... args) {
        Cli r = cli(args);
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains(part), "expected '" + part + "' in: " + r.err());
        assertEquals(1, r.err().strip().lines().count(), "not one sentence: " + r.err());
        assertFalse(r.err().contains("Exception"), r.err());
    }

    @Test
    void doctorExitsZeroAndNamesEveryCapability() {
        PrintStream saved = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        int code;
        try {
            code = Main.run("doctor");
        } finally {
            System.setOut(saved);
        }
        String text = buf.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, text);
        for (String line : List.of("cgroup mode", "hybrid", "cgroup controllers", "namespaces", "kvm", "guest kernel", "image", "runtime bare", "root")) {
            assertTrue(text.contains(line), "doctor does not mention " + line + ":\n" + text);
        }
    }
}
