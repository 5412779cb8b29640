package io.isobench.harness.cli;

import io.isobench.model.Phase;
import io.isobench.model.ResultsJson;
import io.isobench.model.Status;
import io.isobench.model.Trial;
import io.isobench.harness.image.ImageBuilder;
import io.isobench.runtime.Execution;
import io.isobench.runtime.Launch;
import io.isobench.runtime.Limits;
import io.isobench.runtime.Runtime;
import io.isobench.runtime.Stdio;
import io.isobench.runtime.bare.BareRuntime;
import io.isobench.runtime.cgroup.Cgroup;
import io.isobench.runtime.cgroup.CgroupManager;
import io.isobench.runtime.container.ContainerRuntime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.isobench.harness.cli.RunCommandTest.cli;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code isobench run --runtimes bare,container} on the real image: the same workloads, ok in both. */
class RunContainerTest {

    @Test
    void theImagesWorkloadsRunInTheContainerAsOnBareMetal(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("out");
        // One of each kind: static no-op, JVM start, a JMH benchmark (forked JVM over loopback), io on /scratch.
        var r = cli("run", "--runtimes", "bare,container", "--workloads", "startup.noop,startup.jvm-hello,cpu.sha256,io.seq-write",
                "--quick", "--trials", "1", "--warmups", "0", "--seed", "3", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        List<Trial> trials = ResultsJson.readTrials(out.resolve("trials.jsonl"));
        assertEquals(8, trials.size());
        assertOkWithCpuTime(trials);
        for (Trial t : trials.stream().filter(t -> t.runtime().equals("container")).toList()) {
            List<String> phases = t.timeline().phases().stream().map(Phase::name).filter(n -> !n.equals("ready")).toList();
            assertEquals(List.of("launcher", "cgroup", "namespaces", "root", "network", "secured", "exec", "exit"), phases);
            if (!t.workload().equals("startup.noop")) {
                assertFalse(t.metrics().isEmpty() && t.workload().startsWith("cpu"), "no metrics: " + t);
            }
        }
        Trial io = trials.stream().filter(t -> t.runtime().equals("container") && t.workload().equals("io.seq-write"))
                .findFirst().orElseThrow();
        assertTrue(io.resources().ioWriteBytes() > 0, "the container's writes to /scratch are accounted: " + io);
    }

    /** Every trial ok, and its cgroup accounted CPU time to it. */
    static void assertOkWithCpuTime(List<Trial> trials) {
        for (Trial t : trials) {
            assertEquals(Status.OK, t.status(), t.runtime() + " " + t.workload() + ": " + t.reason());
            assertTrue(t.resources().cpuUserNs() + t.resources().cpuSystemNs() > 0, t.toString());
        }
    }

    @Test
    void isolationLayersCanBeSwitchedOffForAnExperiment(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("out");
        var r = cli("run", "--runtimes", "container", "--workloads", "startup.noop", "--quick", "--trials", "1",
                "--warmups", "0", "--runtime-option", "container.seccomp=off", "--runtime-option", "container.caps=off",
                "--runtime-option", "container.mask=off", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals(Status.OK, ResultsJson.readTrials(out.resolve("trials.jsonl")).get(0).status());

        var bad = cli("run", "--runtimes", "container", "--runtime-option", "container.seccomp=maybe", "--out",
                tmp.resolve("bad").toString());
        assertEquals(2, bad.code());
        assertEquals("isobench: --seccomp takes on or off, not 'maybe'", bad.err().strip());
        var unknown = cli("run", "--runtime-option", "podman.seccomp=off", "--out", tmp.resolve("bad2").toString());
        assertEquals(2, unknown.code());
        assertEquals("isobench: --runtime-option 'podman.seccomp=off' names an unknown runtime 'podman'", unknown.err().strip());
        var malformed = cli("run", "--runtime-option", "seccomp", "--out", tmp.resolve("bad3").toString());
        assertEquals(2, malformed.code());
        assertTrue(malformed.err().startsWith("isobench: bad --runtime-option 'seccomp'"), malformed.err());
    }

    @Test
    void theJvmSizesItselfFromTheTrialsLimitsInBothRuntimes() throws Exception {
        // The container mounts the trial's cgroup at /sys/fs/cgroup, so the JVM's ergonomics see the same limit as on bare metal.
        Path image = ImageBuilder.standard().ensure().root();
        Limits limits = new Limits(1.0, 256L << 20, null);
        CgroupManager cgroups = CgroupManager.open();
        java.util.Map<String, Long> heap = new java.util.LinkedHashMap<>();
        for (Runtime runtime : List.of(new BareRuntime(), new ContainerRuntime())) {
            try (Cgroup cgroup = cgroups.create("test-ergonomics-" + runtime.name())) {
                cgroup.applyLimits(limits);
                Execution e = runtime.execute(new Launch(image, List.of("opt/isobench/jre/bin/java", "-XX:+PrintFlagsFinal",
                        "-version"), Map.of("PATH", "/usr/bin:/bin"), limits, cgroup, null, Duration.ofSeconds(60),
                        Stdio.CAPTURE, Map.of()));
                assertEquals(0, e.exitCode(), e.stderr());
                String line = e.stdout().lines().filter(l -> l.contains(" MaxHeapSize ")).findFirst().orElseThrow();
                heap.put(runtime.name(), Long.parseLong(line.trim().split("\\s+")[3]));
            }
        }
        assertEquals(heap.get("bare"), heap.get("container"), heap.toString());
        assertTrue(heap.get("container") <= 256L << 20, "the JVM did not see the 256 MiB limit: " + heap);
    }

    /**
     * A JMH workload over its memory limit ends as "out of memory" at once, in both runtimes
     * (a session once saw bare metal wait for the trial timeout instead). 64 MiB: the JMH parent
     * JVM fits, the forked benchmark JVM touching its 64 MiB region does not.
     */
    @Test
    void aWorkloadOverItsMemoryLimitIsReportedAsOutOfMemoryPromptly(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("out");
        var r = cli("run", "--runtimes", "bare,container", "--workloads", "memory.page-faults", "--memory", "64M",
                "--quick", "--trials", "2", "--warmups", "0", "--timeout", "120", "--out", out.toString());
        // Failed trials are results too, written like any other; but no cell has a figure, so the
        // run exits 3 (DESIGN.md) and names each cell with its reason.
        assertEquals(3, r.code(), r.err());
        assertTrue(r.err().contains("4 of 4 trials did not succeed"), r.err());
        assertTrue(r.err().contains("2 cells have no successful trial (exit 3): "), r.err());
        for (String runtime : List.of("bare", "container")) {
            assertTrue(r.err().contains(runtime + " × memory.page-faults (failed: out of memory (limit 64 MiB))"), r.err());
        }
        assertTrue(Files.isRegularFile(out.resolve("results.json")) && Files.isRegularFile(out.resolve("report.md")));
        List<Trial> trials = ResultsJson.readTrials(out.resolve("trials.jsonl"));
        assertEquals(4, trials.size());
        for (Trial t : trials) {
            assertEquals(Status.FAILED, t.status(), t.toString());
            assertEquals("out of memory (limit 64 MiB)", t.reason(), t.toString());
            assertTrue(t.timeline().totalMs() < 30_000, "took " + t.timeline().totalMs() + " ms: " + t);
        }
    }
}
