package io.isobench.harness.cli;

import io.isobench.harness.image.ImageBuilder;
import io.isobench.runtime.FileTrees;
import io.isobench.runtime.vm.vstate.KvmRigTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 16's cgroup v2 item: the development machines are cgroup v1 hybrid, most users run
 * v2. One L2 boot with {@code RIG_CGROUP=v2} (unified hierarchy only, this JVM alone in a
 * delegated cgroup as under systemd) runs {@link CgroupV2RigChecks}: container start, the
 * limits seen from inside, the CPU quota biting, the memory limit (out of memory), the pids
 * limit (fork bomb), CPU, memory peak and block I/O accounting (memory.peak, io.stat), both
 * runtimes' trials through {@code isobench run}, the thrashing watch on a JVM under 8 MiB, and
 * the container start's cgroup step cloned into the cgroup vs joined by writing (figures in
 * the log). Long: 12.5 min in the last full run (2026-12-03, three other rigs on the 2-core
 * VM): the container checks take 95 s, each {@code isobench run} in L2 minutes before its
 * first trial under TCG.
 */
class CgroupV2RigTest {
    static final List<String> CHECKS = List.of("unified-host", "delegated-controllers", "container-start",
            "limits-inside", "cpu-quota", "memory-pressure-file", "accounting-cpu-memory", "accounting-block-io",
            "memory-limit", "pids-limit", "cgroup-join-both-ways", "thrash-container");

    @Test
    @Tag("rig-linux")
    void containersLimitsAndAccountingWorkOnAUnifiedHost() throws Exception {
        // Built on the host, where it is fast; L2 sees the cache read-only.
        ImageBuilder.standard().ensure();
        Path writable = Path.of("target", "rig-cgroup-v2").toAbsolutePath();
        FileTrees.deleteQuietly(writable);
        Files.createDirectories(writable);
        KvmRigTest.Result r = KvmRigTest.inRig(List.of(CgroupV2RigChecks.class.getName(), "/var/tmp/isobench-cgroup-v2",
                        writable.toString()), 1500,
                Map.of("RIG_CGROUP", "v2", "RIG_SCRATCH_DISK", "2048", "RIG_WRITABLE", writable.toString()));
        System.out.println(r.output());
        assertEquals(0, r.exitCode(), "the cgroup v2 checks in the rig:\n" + r.output());
        for (String check : CHECKS) {
            assertTrue(r.output().lines().anyMatch(l -> l.startsWith("ok " + check + ": ")), check + " missing:\n" + r.output());
        }
        FileTrees.deleteQuietly(writable);
    }
}
