package io.isobench.harness.cli;

import io.isobench.model.Metric;
import io.isobench.model.ResultsJson;
import io.isobench.model.Status;
import io.isobench.model.Trial;
import io.isobench.runtime.container.BusyboxRootfs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.isobench.harness.cli.RunCommandTest.cli;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Workloads of your own on a root filesystem of their own, end to end as root: an ad hoc
 * busybox loop and the fio example, in bare (chroot) and container (overlay on that root).
 */
class OwnRootRunTest {

    @Test
    void anAdHocCommandRunsInBareAndContainerWithTheHarnessFigures(@TempDir Path tmp) throws Exception {
        Path root = BusyboxRootfs.create(Files.createDirectories(tmp.resolve("root")));
        Path out = tmp.resolve("out");
        var r = cli("run", "--rootfs", "dir:" + root, "--runtimes", "bare,container", "--quick", "--trials", "1",
                "--warmups", "0", "--out", out.toString(), "--",
                "/bin/busybox", "sh", "-c", "i=0; while [ $i -lt 100000 ]; do i=$((i+1)); done; ls / > /scratch/root-listing");
        assertEquals(0, r.code(), r.err());
        List<Trial> trials = ResultsJson.readTrials(out.resolve("trials.jsonl"));
        assertEquals(List.of("bare", "container"), trials.stream().map(Trial::runtime).sorted().toList());
        for (Trial t : trials) {
            assertEquals("adhoc.busybox", t.workload());
            assertEquals(Status.OK, t.status(), t.runtime() + ": " + t.reason());
            assertTrue(t.timeline().totalMs() > 0, t.toString());
            // 100000 shell iterations cost CPU time: a command that did not run would not.
            assertTrue(t.resources().cpuUserNs() + t.resources().cpuSystemNs() > 10_000_000L, t.toString());
            assertTrue(t.resources().memoryPeakBytes() > 0, t.toString());
        }
    }

    @Test
    void bareSeesOnlyTheRootfsInTheHostsPidNamespaceAndLeavesNoMountBehind(@TempDir Path tmp) throws Exception {
        Path root = BusyboxRootfs.create(Files.createDirectories(tmp.resolve("root")));
        Path file = Files.writeString(tmp.resolve("w.yaml"), """
                workloads:
                  - id: own.view
                    rootfs: dir:root
                    needs: [scratch]
                    command: [/bin/busybox, sh, -c, 'echo "entries $(ls / | wc -l)"; echo "pids $(ls /proc | grep -c "^[0-9]")"']
                    metrics:
                      - {name: entries, regex: 'entries ([0-9]+)', unit: entries, higherIsBetter: true}
                      - {name: pids, regex: 'pids ([0-9]+)', unit: processes, higherIsBetter: true}
                """);
        Path out = tmp.resolve("out");
        var r = cli("run", "--workload-file", file.toString(), "--runtimes", "bare,container", "--quick", "--trials", "1",
                "--warmups", "0", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        for (Trial t : ResultsJson.readTrials(out.resolve("trials.jsonl"))) {
            assertEquals(Status.OK, t.status(), t.runtime() + ": " + t.reason());
            // bin dev etc mnt proc root sys tmp, plus the scratch mount point: the rootfs, not the host's /.
            assertEquals(9.0, value(t, "entries"), t.toString());
            if (t.runtime().equals("bare")) {
                assertTrue(value(t, "pids") > 20, "bare shares the host's PID namespace: " + t);
            } else {
                // sh, the command substitution's subshell, ls, grep
                assertTrue(value(t, "pids") <= 6, "the container has its own PID namespace: " + t);
            }
        }
        assertFalse(Files.readString(Path.of("/proc/self/mountinfo")).contains(root.toString()),
                "the chroot's mounts live in the workload's own mount namespace only");
    }

    /** needs: [network] gives an own workload the same link as the net workloads: the run's far end answers it. */
    @Test
    void aWorkloadThatNeedsTheNetworkReachesTheFarEndFromBareAndContainer(@TempDir Path tmp) throws Exception {
        BusyboxRootfs.create(Files.createDirectories(tmp.resolve("root")));
        // The far end's server answers a 'C' connection's one request byte with that byte, then closes.
        Path file = Files.writeString(tmp.resolve("w.yaml"), """
                workloads:
                  - id: own.far-end
                    rootfs: dir:root
                    needs: [network]
                    command: [/bin/busybox, sh, -c, 'r=$(printf CX | /bin/busybox nc -w 5 "$ISOBENCH_NET_PEER" 7100); echo "reply [$r]"; [ "$r" = X ] && echo "replies 1"']
                    metrics:
                      - {name: replies, regex: 'replies ([0-9]+)', unit: replies, higherIsBetter: true}
                """);
        Path out = tmp.resolve("out");
        var r = cli("run", "--workload-file", file.toString(), "--runtimes", "bare,container", "--quick", "--trials", "1",
                "--warmups", "0", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        List<Trial> trials = ResultsJson.readTrials(out.resolve("trials.jsonl"));
        assertEquals(2, trials.size());
        for (Trial t : trials) {
            assertEquals(Status.OK, t.status(), t.runtime() + ": " + t.reason());
            assertEquals(1.0, value(t, "replies"), t.toString());
        }
    }

    private static double value(Trial t, String metric) {
        return t.metrics().stream().filter(m -> m.name().equals(metric)).findFirst().orElseThrow().value();
    }

    @Test
    void theFioExampleRunsInBareAndContainerWithItsMetrics(@TempDir Path tmp) throws Exception {
        Path root = hostProgramRoot(tmp.resolve("fio-root"), Path.of("/usr/bin/fio"));
        // The example itself, on a dir: root made from the host's fio (its debian: root needs a download).
        String example = Files.readString(Path.of("..", "examples", "fio.yaml"));
        Matcher rootfs = Pattern.compile("rootfs: debian:\\S+").matcher(example);
        assertTrue(rootfs.find(), "examples/fio.yaml names a debian: root");
        Path file = Files.writeString(tmp.resolve("fio.yaml"), rootfs.replaceAll("rootfs: dir:" + root));
        Path out = tmp.resolve("out");
        var r = cli("run", "--workload-file", file.toString(), "--runtimes", "bare,container", "--quick", "--trials", "1",
                "--warmups", "0", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        List<Trial> trials = ResultsJson.readTrials(out.resolve("trials.jsonl"));
        assertEquals(4, trials.size());
        for (Trial t : trials) {
            assertEquals(Status.OK, t.status(), t.runtime() + " " + t.workload() + ": " + t.reason());
            String metric = t.workload().equals("fio.seq-write") ? "throughput" : "iops";
            Metric m = t.metrics().stream().filter(x -> x.name().equals(metric)).findFirst().orElseThrow();
            assertTrue(m.value() > 0, t.toString());
        }
        Trial write = trials.stream().filter(t -> t.workload().equals("fio.seq-write")).findFirst().orElseThrow();
        assertTrue(write.resources().ioWriteBytes() >= 64L << 20, "fio's fsynced writes reach the block layer: " + write);

        // A metric the output lacks fails the trial with its name, never a silent zero.
        Path missing = Files.writeString(tmp.resolve("missing.yaml"), """
                workloads:
                  - id: own.missing
                    rootfs: dir:%s
                    command: [/usr/bin/fio, --version]
                    metrics:
                      - {name: iops, json: /jobs/0/read/iops, unit: IOPS, higherIsBetter: true}
                """.formatted(root));
        var m = cli("run", "--workload-file", missing.toString(), "--runtimes", "bare", "--quick", "--trials", "1",
                "--warmups", "0", "--out", tmp.resolve("out2").toString());
        assertEquals(3, m.code(), "a cell without one successful trial: " + m.err());
        Trial failed = ResultsJson.readTrials(tmp.resolve("out2").resolve("trials.jsonl")).get(0);
        assertEquals(Status.FAILED, failed.status());
        assertTrue(failed.reason().startsWith("metric iops not found in output"), failed.reason());
    }

    @Test
    void badInputIsOneSentenceAndExit2(@TempDir Path tmp) throws Exception {
        var missing = cli("run", "--rootfs", "dir:" + tmp.resolve("nope"), "--out", tmp.resolve("o1").toString(), "--", "/bin/true");
        assertEquals(2, missing.code());
        assertEquals("isobench: rootfs dir:" + tmp.resolve("nope") + ": " + tmp.resolve("nope") + " does not exist", missing.err().strip());
        var kind = cli("run", "--rootfs", "tarball:/x", "--out", tmp.resolve("o2").toString(), "--", "/bin/true");
        assertEquals(2, kind.code());
        assertTrue(kind.err().startsWith("isobench: unknown rootfs kind 'tarball'"), kind.err());
        var noRoot = cli("run", "--out", tmp.resolve("o3").toString(), "--", "/bin/true");
        assertEquals(2, noRoot.code());
        assertEquals("isobench: a command to measure (/bin/true) needs --rootfs SOURCE before '--'", noRoot.err().strip());
        Path bad = Files.writeString(tmp.resolve("bad.yaml"), "workloads:\n  - id: own.x\n    rootfs: dir:/\n    command: true\n");
        var file = cli("run", "--workload-file", bad.toString(), "--out", tmp.resolve("o4").toString());
        assertEquals(2, file.code());
        assertEquals("isobench: workload file " + bad + " line 4: field 'workloads[0].command' has the wrong type (a list expected)",
                file.err().strip());
        var clash = cli("run", "--rootfs", "dir:/", "--name", "cpu.sha256", "--out", tmp.resolve("o5").toString(), "--", "/bin/true");
        assertEquals(2, clash.code());
        assertEquals("isobench: workload cpu.sha256 has the id of a built-in workload; choose another", clash.err().strip());
        assertFalse(Files.exists(tmp.resolve("o1")), "a refused run leaves no output directory");
    }

    /** A root holding one host program and the libraries ldd says it loads, at the same paths. */
    static Path hostProgramRoot(Path root, Path program) throws IOException, InterruptedException {
        if (!Files.isExecutable(program)) {
            throw new IllegalStateException(program + " is missing: run scripts/install-deps");
        }
        copy(program, root);
        Process ldd = new ProcessBuilder("ldd", program.toString()).redirectErrorStream(true).start();
        String text = new String(ldd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!ldd.waitFor(30, TimeUnit.SECONDS) || ldd.exitValue() != 0) {
            throw new IOException("ldd " + program + " failed: " + text);
        }
        Matcher lib = Pattern.compile("(/\\S+) \\(0x").matcher(text);
        while (lib.find()) {
            copy(Path.of(lib.group(1)), root);
        }
        return root;
    }

    private static void copy(Path file, Path root) throws IOException {
        Path target = root.resolve(file.toString().substring(1));
        Files.createDirectories(target.getParent());
        Files.copy(file, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
}
