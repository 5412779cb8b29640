package io.isobench.runtime.bare;

import io.isobench.runtime.Execution;
import io.isobench.runtime.Launch;
import io.isobench.runtime.Limits;
import io.isobench.runtime.RuntimeFailure;
import io.isobench.runtime.Stdio;
import io.isobench.runtime.cgroup.Cgroup;
import io.isobench.runtime.cgroup.CgroupManager;
import io.isobench.runtime.launch.NativeHelpers;
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

/** The image-level test (the image's own JRE runs) lives in the harness, which builds the image. */
class BareRuntimeTest {

    @Test
    void runsRelativeToTheRootfsWithScratchInTheEnvironment(@TempDir Path rootfs, @TempDir Path scratch) throws Exception {
        Path bin = Files.createDirectories(rootfs.resolve("opt/isobench/bin"));
        Files.copy(NativeHelpers.get().path("noop"), bin.resolve("noop"));
        bin.resolve("noop").toFile().setExecutable(true);
        BareRuntime bare = new BareRuntime();
        assertTrue(bare.availability().available());
        try (Cgroup cgroup = CgroupManager.open().create("test-bare")) {
            Execution noop = bare.execute(new Launch(rootfs, List.of("opt/isobench/bin/noop"), Map.of(), Limits.NONE,
                    cgroup, scratch, Duration.ofSeconds(10), Stdio.CAPTURE, null));
            assertEquals(0, noop.exitCode());
        }
        try (Cgroup cgroup = CgroupManager.open().create("test-bare-env")) {
            Execution env = bare.execute(new Launch(rootfs, List.of("/bin/sh", "-c", "pwd; echo $ISOBENCH_SCRATCH"),
                    Map.of(), Limits.NONE, cgroup, scratch, Duration.ofSeconds(10), Stdio.CAPTURE, null));
            assertEquals(rootfs.toRealPath() + "\n" + scratch.toAbsolutePath(), env.stdout().strip());
        }
    }

    @Test
    void missingRootfsIsARuntimeFailure(@TempDir Path dir) throws Exception {
        try (Cgroup cgroup = CgroupManager.open().create("test-bare-missing")) {
            var f = assertThrows(RuntimeFailure.class, () -> new BareRuntime().execute(new Launch(dir.resolve("nope"),
                    List.of("x"), Map.of(), Limits.NONE, cgroup, null, Duration.ofSeconds(5), Stdio.CAPTURE, null)));
            assertTrue(f.getMessage().contains("is not a directory"));
        }
    }
}
