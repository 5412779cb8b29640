package io.isobench.runtime.cgroup;

import io.isobench.model.Resources;
import io.isobench.runtime.Execution;
import io.isobench.runtime.Launch;
import io.isobench.runtime.Limits;
import io.isobench.runtime.Stdio;
import io.isobench.runtime.launch.LauncherProcess;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Real cgroups on this host (root; hybrid v1 on the development machines): what the
 * cgroup accounts must follow what the process really did.
 */
class CgroupAccountingTest {
    static CgroupManager manager;

    @BeforeAll
    static void open() throws Exception {
        manager = CgroupManager.open();
    }

    static Execution run(Cgroup cgroup, Path cwd, String script, Duration timeout) throws Exception {
        Launch launch = new Launch(cwd, List.of("/bin/sh", "-c", script), Map.of("PATH", "/usr/bin:/bin"),
                Limits.NONE, cgroup, null, timeout, Stdio.CAPTURE, null);
        return new LauncherProcess().run(launch, cwd, launch.env(), List.of());
    }

    @Test
    void busyChildUsesMoreCpuThanSleepingChild(@TempDir Path dir) throws Exception {
        Resources busy;
        Resources sleeping;
        try (Cgroup cgroup = manager.create("test-busy")) {
            Execution e = run(cgroup, dir, "i=0; while [ $i -lt 400000 ]; do i=$((i+1)); done", Duration.ofSeconds(60));
            assertEquals(0, e.exitCode(), e.stderr());
            busy = cgroup.usage();
            // rusage (from the launcher) and the cgroup saw the same work.
            assertTrue(e.userNs() > 0, "rusage user time " + e.userNs());
        }
        try (Cgroup cgroup = manager.create("test-sleep")) {
            Execution e = run(cgroup, dir, "sleep 0.3", Duration.ofSeconds(60));
            assertEquals(0, e.exitCode(), e.stderr());
            sleeping = cgroup.usage();
        }
        long busyNs = busy.cpuUserNs() + busy.cpuSystemNs();
        long sleepNs = sleeping.cpuUserNs() + sleeping.cpuSystemNs();
        assertTrue(busyNs > 100_000_000L, "busy loop used " + busyNs + " ns");
        assertTrue(busyNs > 5 * sleepNs, "busy " + busyNs + " ns vs sleeping " + sleepNs + " ns");
        // Exact accounting, not timer ticks: even a process that runs for well under a tick has CPU time.
        assertTrue(sleepNs > 0, "sleeping child accounted 0 ns");
        assertTrue(busy.memoryPeakBytes() > 0, "peak memory " + busy.memoryPeakBytes());
    }

    @Test
    void memoryLimitIsVisibleAndAnAllocationPastItIsOomKilled(@TempDir Path dir) throws Exception {
        long limit = 32L << 20;
        try (Cgroup cgroup = manager.create("test-oom")) {
            cgroup.applyLimits(new Limits(null, limit, null));
            Path memoryDir = ((CgroupV1) cgroup).directories().stream()
                    .filter(p -> Files.exists(p.resolve("memory.limit_in_bytes"))).findFirst().orElseThrow();
            assertEquals(limit, CgroupFiles.readLong(memoryDir.resolve("memory.limit_in_bytes")));
            assertFalse(cgroup.oomKilled());
            // GNU tail -c N on a pipe holds the last N bytes in memory: 100 MiB > 32 MiB.
            Launch launch = new Launch(dir, List.of("/bin/sh", "-c", "head -c 200000000 /dev/zero | tail -c 100000000 | wc -c"),
                    Map.of("PATH", "/usr/bin:/bin"), new Limits(null, limit, null), cgroup, null,
                    Duration.ofSeconds(60), Stdio.CAPTURE, null);
            Execution e = new LauncherProcess().run(launch, dir, launch.env(), List.of());
            assertTrue(cgroup.oomKilled(), "no OOM kill recorded; exit " + e.exitCode());
            assertEquals("out of memory (limit 32 MiB)", e.failure());
            long peak = cgroup.usage().memoryPeakBytes();
            assertTrue(peak > limit / 2 && peak <= limit, "peak " + peak);
        }
    }

    @Test
    void directIoBytesAreAccounted(@TempDir Path dir) throws Exception {
        try (Cgroup cgroup = manager.create("test-io")) {
            Execution e = run(cgroup, dir,
                    "dd if=/dev/zero of=data bs=1M count=16 oflag=direct status=none && dd if=data of=/dev/null bs=1M iflag=direct status=none",
                    Duration.ofSeconds(60));
            assertEquals(0, e.exitCode(), e.stderr());
            Resources r = cgroup.usage();
            assertTrue(r.ioWriteBytes() >= 16L << 20, "written " + r.ioWriteBytes());
            assertTrue(r.ioWriteBytes() < 24L << 20, "written " + r.ioWriteBytes());
            assertTrue(r.ioReadBytes() >= 16L << 20, "read " + r.ioReadBytes());
        }
    }

    @Test
    void killAllStopsEveryProcessAndCloseRemovesEveryDirectory(@TempDir Path dir) throws Exception {
        Cgroup cgroup = manager.create("test-kill");
        List<Path> dirs = ((CgroupV1) cgroup).directories();
        // A shell with background children that would outlive it.
        Execution e = run(cgroup, dir, "sleep 100 & sleep 100 & echo started", Duration.ofSeconds(30));
        assertEquals(0, e.exitCode());
        // The launcher killed the orphans when the instance ended.
        for (Path p : cgroup.procsFiles()) {
            assertEquals("", Files.readString(p).strip(), p + " still lists processes");
        }
        cgroup.close();
        cgroup.close();
        for (Path d : dirs) {
            assertFalse(Files.exists(d), d + " was not removed");
        }
    }

    @Test
    void timeoutKillsTheWholeCgroup(@TempDir Path dir) throws Exception {
        try (Cgroup cgroup = manager.create("test-timeout")) {
            long start = System.nanoTime();
            Execution e = run(cgroup, dir, "sleep 100 & sleep 100", Duration.ofMillis(500));
            long ms = (System.nanoTime() - start) / 1_000_000;
            assertTrue(e.timedOut());
            assertTrue(ms < 10_000, "took " + ms + " ms");
            assertEquals("killed", e.marks().get(e.marks().size() - 1).name());
            for (Path p : cgroup.procsFiles()) {
                assertEquals("", Files.readString(p).strip());
            }
        }
    }

    @Test
    void staleCgroupsOfDeadHarnessesAreRemovedLiveOnesKept() throws Exception {
        // A harness that is gone: pid of a process that exited, with its real start time.
        Process p = new ProcessBuilder("sleep", "30").start();
        long pid = p.pid();
        long start = io.isobench.runtime.Owner.startTime(pid);
        p.destroyForcibly().waitFor();
        List<Path> parents = manager.parents();
        String dead = "isobench-" + pid + "_" + start + "-1-test-stale";
        for (Path parent : parents) {
            Files.createDirectory(parent.resolve(dead));
        }
        try (Cgroup live = manager.create("test-live")) {
            List<Path> removed = manager.removeStale();
            for (Path parent : parents) {
                assertFalse(Files.exists(parent.resolve(dead)), "stale " + parent.resolve(dead) + " kept");
                assertTrue(removed.contains(parent.resolve(dead)));
            }
            for (Path procs : live.procsFiles()) {
                assertTrue(Files.exists(procs), "live cgroup " + procs.getParent() + " was removed");
            }
        }
    }

    @Test
    void hostIsHybridHere() {
        // The development machines and CI are hybrid v1; if this changes, the v2 path
        // becomes the one under test and this note should go.
        assertEquals(CgroupMode.HYBRID, manager.mode());
        assertNull(manager.note());
    }
}
