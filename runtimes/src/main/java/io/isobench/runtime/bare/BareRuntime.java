package io.isobench.runtime.bare;

import io.isobench.runtime.Availability;
import io.isobench.runtime.Execution;
import io.isobench.runtime.Launch;
import io.isobench.runtime.Runtime;
import io.isobench.runtime.RuntimeFailure;
import io.isobench.runtime.launch.LauncherProcess;
import io.isobench.runtime.launch.NativeHelpers;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Bare metal: the command runs directly on the host, in the trial's cgroup and nothing
 * else. Its working directory is the image root, so the image-relative paths of the
 * catalog ({@code opt/isobench/jre/bin/java}) run the image's own JRE, the same files the
 * container and the VM use. The scratch directory is the host directory itself, named in
 * {@code ISOBENCH_SCRATCH}.
 *
 * <p>With the option {@code chroot=on} (set by the harness for a workload with a root
 * filesystem of its own) the launcher chroots into {@link Launch#rootfs()} instead, with no
 * namespace but a private mount namespace for /proc, /sys, /dev, /tmp and /scratch (see the
 * launcher's chroot.c): the same binaries as the container and the VM, nothing else.
 */
public final class BareRuntime implements Runtime {
    public static final String NAME = "bare";
    /** Same name as {@code io.isobench.workloads.ImageLayout.SCRATCH_ENV} (runtimes does not depend on workloads). */
    static final String SCRATCH_ENV = "ISOBENCH_SCRATCH";
    /** {@link Launch#options()} key: {@code on} = chroot into the rootfs (a foreign root). */
    public static final String CHROOT_OPTION = "chroot";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Availability availability() {
        try {
            NativeHelpers.get().launcher();
            return Availability.yes();
        } catch (RuntimeException e) {
            return Availability.no(e.getMessage());
        }
    }

    @Override
    public Execution execute(Launch launch) throws RuntimeFailure {
        if (!Files.isDirectory(launch.rootfs())) {
            throw new RuntimeFailure("the root filesystem " + launch.rootfs() + " is not a directory");
        }
        Map<String, String> env = new HashMap<>(launch.env());
        if ("on".equals(launch.option(CHROOT_OPTION, "off"))) {
            List<String> args = new ArrayList<>(List.of("--chroot", launch.rootfs().toAbsolutePath().toString()));
            if (launch.scratch() != null) {
                env.put(SCRATCH_ENV, Launch.SCRATCH_PATH);
                args.addAll(List.of("--chroot-scratch", launch.scratch().toAbsolutePath().toString()));
            }
            return new LauncherProcess().run(launch, launch.rootfs().toAbsolutePath(), env, args);
        }
        if (launch.scratch() != null) {
            env.put(SCRATCH_ENV, launch.scratch().toAbsolutePath().toString());
        }
        return new LauncherProcess().run(launch, launch.rootfs().toAbsolutePath(), env, List.of());
    }
}
