package io.isobench.runtime.launch;

import io.isobench.runtime.Instance;
import io.isobench.runtime.Launch;
import io.isobench.runtime.Limits;
import io.isobench.runtime.RuntimeFailure;
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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Long-lived instances (isobench density) of the real static idle program, bare and in a container (root). */
class LauncherInstanceTest {

    /** A root filesystem holding only the static idle program. */
    private static Path rootfs(Path dir) throws Exception {
        Path root = Files.createDirectories(dir.resolve("root"));
        Files.copy(NativeHelpers.get().path("idle"), root.resolve("idle"));
        root.resolve("idle").toFile().setExecutable(true, false);
        return root;
    }

    @Test
    void bareAndContainerInstancesGetReadyKeepRunningAndStopWithoutLeftovers(@TempDir Path tmp) throws Exception {
        Path root = rootfs(tmp);
        for (var runtime : List.of(new BareRuntime(), new ContainerRuntime())) {
            try (Cgroup cgroup = CgroupManager.open().create("test-instance-" + runtime.name())) {
                String cmd = runtime instanceof BareRuntime ? root.resolve("idle").toString() : "/idle";
                Instance i = runtime.start(new Launch(root, List.of(cmd), Map.of(), Limits.NONE, cgroup, null,
                        Duration.ofSeconds(30), Stdio.CAPTURE, null));
                long ready = i.awaitReady(Duration.ofSeconds(30));
                assertTrue(ready > i.spawnNs(), runtime.name());
                Thread.sleep(200);
                // still running after its ready line: the launcher and idle in the cgroup
                List<String> procs = Files.readAllLines(cgroup.procsFiles().get(0));
                assertTrue(procs.size() >= 2, runtime.name() + " " + procs);
                assertTrue(ProcessHandle.of(i.pid()).map(ProcessHandle::isAlive).orElse(false));
                assertFalse(i.hostPaths().isEmpty());
                assertTrue(i.stop() > 0);
                assertTrue(Files.readAllLines(cgroup.procsFiles().get(0)).isEmpty(), runtime.name());
                for (Path p : i.hostPaths()) {
                    assertFalse(Files.exists(p), runtime.name() + " left " + p);
                }
            }
        }
    }

    @Test
    void aCommandThatEndsBeforeItsReadyLineIsAFailedStartWithItsReason(@TempDir Path tmp) throws Exception {
        try (Cgroup cgroup = CgroupManager.open().create("test-instance-noready")) {
            Instance i = new BareRuntime().start(new Launch(rootfs(tmp), List.of("/bin/sh", "-c", "echo hello; exit 3"),
                    Map.of(), Limits.NONE, cgroup, null, Duration.ofSeconds(30), Stdio.CAPTURE, null));
            var e = assertThrows(RuntimeFailure.class, () -> i.awaitReady(Duration.ofSeconds(30)));
            assertEquals("the workload exited with code 3 before it was ready", e.getMessage());
            i.stop();
        }
    }
}
