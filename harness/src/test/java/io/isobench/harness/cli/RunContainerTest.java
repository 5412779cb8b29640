package io.isobench.harness.cli;

import io.isobench.model.Phase;
import io.isobench.model.ResultsJson;
import io.isobench.model.Status;
import io.isobench.model.Trial;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

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
        for (Trial t : trials) {
            assertEquals(Status.OK, t.status(), t.runtime() + " " + t.workload() + ": " + t.reason());
            assertTrue(t.resources().cpuUserNs() + t.resources().cpuSystemNs() > 0, t.toString());
        }
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
}
