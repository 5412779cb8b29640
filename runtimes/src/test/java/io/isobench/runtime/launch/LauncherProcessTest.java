package io.isobench.runtime.launch;

import io.isobench.runtime.Execution;
import io.isobench.runtime.Launch;
import io.isobench.runtime.Limits;
import io.isobench.runtime.Mark;
import io.isobench.runtime.RuntimeFailure;
import io.isobench.runtime.Stdio;
import io.isobench.runtime.cgroup.Cgroup;
import io.isobench.runtime.cgroup.CgroupManager;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LauncherProcessTest {
    static CgroupManager manager;

    @BeforeAll
    static void open() throws Exception {
        manager = CgroupManager.open();
    }

    private static Execution run(Cgroup cgroup, Path cwd, List<String> cmd, Map<String, String> env) throws RuntimeFailure {
        Launch launch = new Launch(cwd, cmd, env, Limits.NONE, cgroup, null, Duration.ofSeconds(30), Stdio.CAPTURE, null);
        return new LauncherProcess().run(launch, cwd, env, List.of());
    }

    @Test
    void runsInCwdWithEnvCapturesBothStreamsAndReportsTimeline(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("marker"), "here");
        try (Cgroup cgroup = manager.create("test-launch")) {
            long before = System.nanoTime();
            Execution e = run(cgroup, dir, List.of("/bin/sh", "-c", "cat marker; echo \"$GREETING\" >&2; grep -c . /proc/self/cgroup >/dev/null; exit 3"),
                    Map.of("GREETING", "hello", "PATH", "/usr/bin:/bin"));
            long after = System.nanoTime();
            assertEquals(3, e.exitCode());
            assertEquals("here", e.stdout().strip());
            assertEquals("hello", e.stderr().strip());
            assertEquals(List.of("launcher", "cgroup", "exec", "exit"), e.marks().stream().map(Mark::name).toList());
            long previous = e.spawnNs();
            for (Mark m : e.marks()) {
                assertTrue(m.monotonicNs() >= previous, "marks out of order: " + e.marks());
                previous = m.monotonicNs();
            }
            assertTrue(e.spawnNs() >= before && previous <= after, "marks are not on System.nanoTime's clock");
            assertEquals(null, e.failure());
        }
    }

    @Test
    void commandThatCannotBeFoundIsAFailedExecutionNotARuntimeFailure(@TempDir Path dir) throws Exception {
        try (Cgroup cgroup = manager.create("test-notfound")) {
            Execution e = run(cgroup, dir, List.of("no/such/program"), Map.of());
            assertEquals(127, e.exitCode());
            assertEquals("cannot execute no/such/program: No such file or directory", e.failure());
        }
    }

    @Test
    void launcherErrorBeforeExecIsARuntimeFailureWithItsSentence(@TempDir Path dir) throws Exception {
        Cgroup broken = new Cgroup() {
            @Override
            public List<Path> procsFiles() {
                return List.of(dir.resolve("no-such-cgroup/cgroup.procs"));
            }

            @Override
            public void applyLimits(Limits limits) {
            }

            @Override
            public io.isobench.model.Resources usage() {
                return io.isobench.model.Resources.NONE;
            }

            @Override
            public boolean oomKilled() {
                return false;
            }

            @Override
            public void killAll() {
            }

            @Override
            public void close() {
            }
        };
        RuntimeFailure f = assertThrows(RuntimeFailure.class, () -> run(broken, dir, List.of("/bin/true"), Map.of()));
        assertEquals("cannot open " + dir.resolve("no-such-cgroup/cgroup.procs") + ": No such file or directory", f.getMessage());
    }

    @Test
    void captureIsBoundedButKeepsProtocolLines(@TempDir Path dir) throws Exception {
        try (Cgroup cgroup = manager.create("test-flood")) {
            // 16 MiB of noise, then a protocol line.
            Execution e = run(cgroup, dir, List.of("/bin/sh", "-c",
                    "head -c 16777216 /dev/zero | tr '\\0' 'x' | fold -w 1000; echo; echo '@@isobench metric {\"name\":\"m\"}'"),
                    Map.of("PATH", "/usr/bin:/bin"));
            assertEquals(0, e.exitCode());
            assertTrue(e.stdout().length() <= LauncherProcess.CAPTURE_LIMIT + 10_000, "kept " + e.stdout().length());
            assertTrue(e.stdout().contains("@@isobench metric {\"name\":\"m\"}"), "len " + e.stdout().length() + " err=" + e.stderr() + " marks=" + e.marks() + " " + e.stdout().substring(e.stdout().length() - 100));
            assertTrue(e.stdout().contains("bytes of output not kept"));
        }
    }

    @Test
    void reportParsingToleratesATornLastLine() {
        LaunchReport r = LaunchReport.parse("mark launcher 10\nmark cgroup 20\nrusage 1000 2000 512 0 8\nexit 0\nerror cannot do x: Permission denied\nmark ex");
        assertEquals(2, r.marks().size());
        assertEquals(0, r.exitCode());
        assertEquals(1000, r.userNs());
        assertEquals(2000, r.systemNs());
        assertEquals(List.of("cannot do x: Permission denied"), r.errors());
    }

    @Test
    void nativeHelpersAreFoundWithAStableHash() {
        NativeHelpers helpers = NativeHelpers.get();
        assertTrue(Files.isExecutable(helpers.launcher()));
        assertTrue(Files.isExecutable(helpers.path("noop")));
        assertEquals(64, helpers.hash().length());
    }
}
