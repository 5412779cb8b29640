package io.isobench.runtime.oci;

import io.isobench.model.Resources;
import io.isobench.runtime.Execution;
import io.isobench.runtime.Launch;
import io.isobench.runtime.Limits;
import io.isobench.runtime.Mark;
import io.isobench.runtime.Stdio;
import io.isobench.runtime.cgroup.Cgroup;
import io.isobench.runtime.cgroup.CgroupManager;
import io.isobench.runtime.container.BusyboxRootfs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Real runc trials (root, runc installed: scripts/install-deps), run as the harness runs them:
 * a fresh trial cgroup from {@link CgroupManager}, the runtime, the cgroup's usage read after,
 * then the cgroup closed. Checks from inside that the bundle gives isobench's container's
 * rules, and from outside that the trial's cgroup accounted the workload and nothing is left.
 */
class OciRuntimeTest {
    private static final Map<String, String> ENV = Map.of("PATH", "/bin", "HOME", "/root");
    @TempDir
    static Path tmp;
    private static Path rootfs;
    private static Path base;
    private static CgroupManager cgroups;

    @BeforeAll
    static void setUp() throws Exception {
        assertTrue(OciTool.RUNC.availability().available(), "runc must be usable here: " + OciTool.RUNC.availability().reason());
        rootfs = BusyboxRootfs.create(Files.createDirectory(tmp.resolve("rootfs")));
        base = Files.createDirectory(tmp.resolve("base"));
        cgroups = CgroupManager.open();
    }

    @AfterAll
    static void nothingLeft() throws IOException {
        try (Stream<Path> left = Files.list(base)) {
            assertEquals(List.of(), left.toList(), "overlay directories left behind");
        }
        Path state = Path.of("/run/isobench-runc");
        if (Files.isDirectory(state)) {
            try (Stream<Path> left = Files.list(state)) {
                String mine = "isobench-" + ProcessHandle.current().pid() + "-";
                assertEquals(List.of(), left.filter(p -> p.getFileName().toString().startsWith(mine)).toList(), "runc state left");
            }
        }
        assertFalse(Files.readString(Path.of("/proc/self/mountinfo")).contains(base.toString()), "an overlay root still mounted");
    }

    /** One trial; {@code read} gets the cgroup's usage before the cgroup is closed, as the harness reads it. */
    private record Trial(Execution execution, Resources usage, List<Path> cgroupDirs) {
    }

    private static Trial run(Map<String, String> options, Limits limits, Path scratch, Duration timeout, String script)
            throws Exception {
        Cgroup cgroup = cgroups.create("test-runc");
        List<Path> dirs = cgroup.procsFiles().stream().map(Path::getParent).toList();
        try {
            cgroup.applyLimits(limits);
            Execution e = new OciRuntime(OciTool.RUNC, base).execute(new Launch(rootfs, List.of("/bin/sh", "-c", script), ENV,
                    limits, cgroup, scratch, timeout, Stdio.CAPTURE, options));
            return new Trial(e, cgroup.usage(), dirs);
        } finally {
            cgroup.close();
            for (Path d : dirs) {
                assertFalse(Files.exists(d), "the trial's cgroup (with runc's child) is removed: " + d);
            }
        }
    }

    private static Trial run(String script) throws Exception {
        return run(Map.of(), Limits.NONE, null, Duration.ofSeconds(60), script);
    }

    @Test
    void theContainerHasIsobenchsRules() throws Exception {
        Trial t = run("hostname; grep -E '^(CapEff|NoNewPrivs|Seccomp):' /proc/self/status; echo pid=$$;"
                + " ls /sys/class/net | tr '\\n' ' '; echo;"
                + " mount -t tmpfs x /mnt 2>&1 | grep -c 'permission denied';"
                + " unshare -n true 2>&1 | grep -c 'Operation not permitted';"
                + " wc -c < /proc/keys; (echo 1 > /proc/sys/kernel/ns_last_pid) 2>&1 | grep -c 'Read-only';"
                + " touch /sys/x 2>&1 | grep -c 'Read-only'; ls /sys/fs/cgroup | grep -c memory; exit 7");
        Execution e = t.execution();
        assertEquals(7, e.exitCode(), e.stderr());
        assertEquals(List.of("isobench", "CapEff:\t00000000a80425fb", "NoNewPrivs:\t1", "Seccomp:\t2", "pid=1", "lo ",
                "1", "1", "0", "1", "1", "1"), e.stdout().strip().lines().map(String::strip).map(l -> l.equals("lo") ? "lo " : l)
                .toList(), e.stderr());
        // Timeline seen from outside: the spawn, the launcher joining the trial's cgroup, runc exec'd, the end.
        assertEquals(List.of("launcher", "cgroup", "exec", "exit"), e.marks().stream().map(Mark::name).toList());
        assertTrue(e.failure() == null, e.failure());
    }

    @Test
    void theTrialsCgroupSawTheWorkloadsCpuTimeAndWrites(@TempDir Path tmpScratch) throws Exception {
        Path scratch = Files.createTempDirectory(Path.of("/var/tmp"), "isobench-runc-test-");
        try {
            Trial t = run(Map.of(), Limits.NONE, scratch, Duration.ofSeconds(120),
                    "i=0; while [ $i -lt 400000 ]; do i=$((i+1)); done;"
                            + " dd if=/dev/zero of=/scratch/f bs=1M count=8 conv=fsync 2>/dev/null; echo done");
            assertEquals(0, t.execution().exitCode(), t.execution().stderr());
            long cgroupCpu = t.usage().cpuUserNs() + t.usage().cpuSystemNs();
            long rusage = t.execution().userNs() + t.execution().systemNs();
            // rusage counts what the launcher reaped (runc, hence the container's init): the
            // cgroup, which also holds runc's and the launcher's own time, saw at least that.
            assertTrue(rusage > 200_000_000L, "the loop ran in the container: rusage " + rusage + " ns");
            assertTrue(cgroupCpu >= rusage * 0.95, "the trial's cgroup saw the workload's CPU time: cgroup " + cgroupCpu
                    + " ns, rusage " + rusage + " ns");
            assertTrue(t.usage().ioWriteBytes() >= 8L << 20, "fsync'ed writes of the container are the trial's: " + t.usage());
            assertTrue(t.usage().memoryPeakBytes() > 0, t.usage().toString());
        } finally {
            io.isobench.runtime.FileTrees.deleteQuietly(scratch);
        }
    }

    @Test
    void theMemoryLimitIsTheTrials() throws Exception {
        Trial t = run(Map.of(), new Limits(null, 32L << 20, null), null, Duration.ofSeconds(60),
                "cat /sys/fs/cgroup/memory/memory.limit_in_bytes 2>/dev/null || cat /sys/fs/cgroup/memory.max;"
                        + " dd if=/dev/zero of=/dev/null bs=64M count=1");
        assertEquals(String.valueOf(32L << 20), t.execution().stdout().strip().lines().findFirst().orElse(""),
                "the JVM finds the trial's limit at /sys/fs/cgroup");
        assertEquals("out of memory (limit 32 MiB)", t.execution().failure());
    }

    @Test
    void aTimeoutKillsTheContainerAndLeavesNothing() throws Exception {
        long t0 = System.nanoTime();
        Trial t = run(Map.of(), Limits.NONE, null, Duration.ofSeconds(2), "sleep 60");
        assertTrue(t.execution().timedOut());
        assertTrue(System.nanoTime() - t0 < 30_000_000_000L, "ended by the timeout, not by the sleep");
    }
}
