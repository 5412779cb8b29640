package io.isobench.runtime.container;

import io.isobench.runtime.Execution;
import io.isobench.runtime.Limits;
import io.isobench.runtime.RuntimeFailure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * 500 containers in a row, each in a fresh cgroup like a trial, ending every way a container
 * can end (normal exit, upper layer on disk, failing command, launcher failing half-way, timeout kill, OOM kill,
 * orphans left behind). Afterwards the host's mounts, the cgroups, the JVM's open file
 * descriptors, its child processes and the temp directories must be exactly as before.
 */
class ContainerSoakTest {
    static final int CONTAINERS = 500;

    record HostState(List<String> mounts, long cgroups, long fds, long children, long overlayDirs, long launchDirs) {
    }

    @Test
    void fiveHundredContainersLeaveNothingBehind(@TempDir Path dir) throws Exception {
        Path rootfs = BusyboxRootfs.create(Files.createDirectory(dir.resolve("rootfs")));
        Path broken = BusyboxRootfs.create(Files.createDirectory(dir.resolve("broken")));
        Files.delete(broken.resolve("proc"));
        Files.writeString(broken.resolve("proc"), "a file: mounting /proc fails half-way");
        Path base = Files.createDirectory(dir.resolve("overlays"));
        ContainerRuntime runtime = new ContainerRuntime(base);
        Limits limits = new Limits(1.0, 32L << 20, 64);
        Containers.run(runtime, rootfs, Map.of(), limits, null, Duration.ofSeconds(10), "/bin/true"); // warm up the JVM side

        HostState before = state(base);
        int ok = 0;
        int failures = 0;
        long t0 = System.nanoTime();
        for (int i = 0; i < CONTAINERS; i++) {
            switch (i % 50) {
                case 5 -> assertEquals(0, Containers.run(runtime, rootfs, Map.of("upper", "disk"), limits, null,
                        Duration.ofSeconds(10), "/bin/sh", "-c", "echo x > /file").exitCode());
                case 10 -> assertEquals(3, run(runtime, rootfs, limits, Duration.ofSeconds(10), "/bin/sh", "-c", "exit 3").exitCode());
                case 20 -> {
                    try {
                        run(runtime, broken, limits, Duration.ofSeconds(10), "/bin/true");
                        throw new AssertionError("the broken root must fail");
                    } catch (RuntimeFailure expected) {
                        failures++;
                    }
                }
                case 30 -> assertTrue(run(runtime, rootfs, limits, Duration.ofMillis(100), "/bin/sleep", "10").timedOut());
                case 40 -> assertNotNull(run(runtime, rootfs, limits, Duration.ofSeconds(10),
                        "/bin/dd", "if=/dev/zero", "of=/dev/null", "bs=64M", "count=1").failure());
                case 45 -> assertEquals(0, run(runtime, rootfs, limits, Duration.ofSeconds(10),
                        "/bin/sh", "-c", "sleep 30 & sleep 30 & exit 0").exitCode());
                default -> {
                    assertEquals(0, run(runtime, rootfs, limits, Duration.ofSeconds(10), "/bin/true").exitCode());
                    ok++;
                }
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf("soak: %d containers in %.1f s (%.1f ms each), %d launcher failures%n", CONTAINERS, seconds,
                seconds * 1000 / CONTAINERS, failures);
        assertEquals(CONTAINERS - 60, ok);
        assertEquals(CONTAINERS / 50, failures);
        assertEquals(before, state(base));
        assertTrue(seconds < 120, "the soak took " + seconds + " s");
    }

    private static Execution run(ContainerRuntime runtime, Path rootfs, Limits limits, Duration timeout, String... cmd)
            throws RuntimeFailure, IOException {
        return Containers.run(runtime, rootfs, Map.of(), limits, null, timeout, cmd);
    }

    private static HostState state(Path base) throws IOException {
        List<String> mounts = Files.readAllLines(Path.of("/proc/self/mountinfo"));
        long cgroups = 0;
        for (Path parent : Containers.cgroups().parents()) {
            try (DirectoryStream<Path> s = Files.newDirectoryStream(parent, Containers.cgroups().prefix() + "*")) {
                for (Path ignored : s) {
                    cgroups++;
                }
            }
        }
        long fds;
        try (Stream<Path> s = Files.list(Path.of("/proc/self/fd"))) {
            fds = s.count();
        }
        long children = ProcessHandle.current().descendants().count();
        long overlays;
        try (Stream<Path> s = Files.list(base)) {
            overlays = s.count();
        }
        long launchDirs;
        try (Stream<Path> s = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            launchDirs = s.filter(p -> p.getFileName().toString().startsWith("isobench-launch")).count();
        }
        return new HostState(new ArrayList<>(mounts), cgroups, fds, children, overlays, launchDirs);
    }
}
