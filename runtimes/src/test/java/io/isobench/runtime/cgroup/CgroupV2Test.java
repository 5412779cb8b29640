package io.isobench.runtime.cgroup;

import io.isobench.model.Resources;
import io.isobench.runtime.Execution;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The v2 code path for real, on the cgroup2 hierarchy this hybrid host mounts at
 * /sys/fs/cgroup/unified. Every domain controller is bound to v1 here (cgroup.controllers
 * lists only hugetlb), so what runs for real is what v2 offers without controllers:
 * creating, joining, cpu.stat's CPU times, cgroup.kill, removal, and the harness moving
 * itself into its leaf. Limits, memory and io files are checked against fixtures in
 * {@link CgroupFilesTest}.
 */
class CgroupV2Test {

    static CgroupLayout v2View() throws Exception {
        CgroupLayout host = CgroupLayout.detect();
        assertTrue(host.unified() != null, "this host mounts no cgroup2 hierarchy");
        return new CgroupLayout(CgroupMode.V2, Map.of(), host.unified(), host.unifiedRoot());
    }

    @Test
    void cpuTimeKillAndRemovalOnTheUnifiedHierarchy(@TempDir Path dir) throws Exception {
        CgroupManager manager = CgroupManager.open(v2View());
        assertEquals(CgroupMode.V2, manager.mode());
        Cgroup cgroup = manager.create("test-v2");
        assertInstanceOf(CgroupV2.class, cgroup);
        Path cgroupDir = ((CgroupV2) cgroup).directory();
        Execution e = CgroupAccountingTest.run(cgroup, dir,
                "i=0; while [ $i -lt 300000 ]; do i=$((i+1)); done; sleep 100 & echo done", Duration.ofSeconds(60));
        assertEquals(0, e.exitCode(), e.stderr());
        Resources r = cgroup.usage();
        assertTrue(r.cpuUserNs() + r.cpuSystemNs() > 50_000_000L, "cpu.stat says " + r);
        // The background sleep was killed through cgroup.kill when the instance ended.
        assertEquals("", Files.readString(cgroupDir.resolve("cgroup.procs")).strip());
        assertFalse(cgroup.oomKilled());
        cgroup.close();
        assertFalse(Files.exists(cgroupDir));
    }

    /**
     * On a v2 host whose harness is not in the root cgroup, the harness moves itself into
     * {@code <own>/isobench-harness} so that {@code <own>} may enable controllers, and
     * creates trial cgroups next to that leaf.
     */
    @Test
    void harnessMovesItselfIntoItsLeafOutsideTheRoot(@TempDir Path dir) throws Exception {
        CgroupLayout host = v2View();
        Path own = host.unified().resolve("isobench-v2test-" + ProcessHandle.current().pid());
        Path original = host.unified();
        Files.createDirectory(own);
        String pid = Long.toString(ProcessHandle.current().pid());
        try {
            CgroupFiles.write(own.resolve("cgroup.procs"), pid);
            CgroupManager manager = CgroupManager.open(new CgroupLayout(CgroupMode.V2, Map.of(), own, host.unifiedRoot()));
            Path leaf = own.resolve(CgroupManager.HARNESS_LEAF);
            assertTrue(CgroupFiles.readPids(leaf.resolve("cgroup.procs")).contains(Long.parseLong(pid)),
                    "the harness did not move into " + leaf);
            try (Cgroup cgroup = manager.create("test-leaf")) {
                Path cgroupDir = ((CgroupV2) cgroup).directory();
                assertEquals(own, cgroupDir.getParent());
                Execution e = CgroupAccountingTest.run(cgroup, dir, "echo hi", Duration.ofSeconds(30));
                assertEquals("hi", e.stdout().strip());
            }
        } finally {
            CgroupFiles.write(original.resolve("cgroup.procs"), pid);
            Files.deleteIfExists(own.resolve(CgroupManager.HARNESS_LEAF));
            Files.delete(own);
        }
    }
}
