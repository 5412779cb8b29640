package io.isobench.runtime.container;

import io.isobench.runtime.Execution;
import io.isobench.runtime.Launch;
import io.isobench.runtime.Limits;
import io.isobench.runtime.RuntimeFailure;
import io.isobench.runtime.Stdio;
import io.isobench.runtime.cgroup.Cgroup;
import io.isobench.runtime.cgroup.CgroupManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Runs one test container the way the harness runs a trial: a fresh cgroup, limits, the runtime, cleanup. */
final class Containers {
    static final Map<String, String> ENV = Map.of("PATH", "/bin", "HOME", "/root");
    private static CgroupManager manager;

    private Containers() {
    }

    static synchronized CgroupManager cgroups() {
        if (manager == null) {
            try {
                manager = CgroupManager.open();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return manager;
    }

    static Execution run(ContainerRuntime runtime, Path rootfs, Map<String, String> options, Limits limits,
                         Path scratch, Duration timeout, String... command) throws RuntimeFailure, IOException {
        try (Cgroup cgroup = cgroups().create("test-container")) {
            cgroup.applyLimits(limits);
            return runtime.execute(new Launch(rootfs, List.of(command), ENV, limits, cgroup, scratch, timeout,
                    Stdio.CAPTURE, options));
        }
    }

    static Execution run(Path rootfs, Map<String, String> options, String... command) throws RuntimeFailure, IOException {
        return run(new ContainerRuntime(), rootfs, options, Limits.NONE, null, Duration.ofSeconds(30), command);
    }

    static Execution run(Path rootfs, String... command) throws RuntimeFailure, IOException {
        return run(rootfs, Map.of(), command);
    }
}
