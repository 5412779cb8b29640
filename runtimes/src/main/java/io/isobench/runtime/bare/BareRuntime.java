package io.isobench.runtime.bare;

import io.isobench.runtime.Availability;
import io.isobench.runtime.Execution;
import io.isobench.runtime.Instance;
import io.isobench.runtime.InstanceRuntime;
import io.isobench.runtime.Launch;
import io.isobench.runtime.Runtime;
import io.isobench.runtime.RuntimeFailure;
import io.isobench.runtime.launch.LauncherInstance;
import io.isobench.runtime.launch.LauncherProcess;
import io.isobench.runtime.launch.NativeHelpers;
import io.isobench.runtime.net.HostVeth;
import io.isobench.runtime.net.NetAttachment;

import java.io.IOException;

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
 * <p>With a {@link Launch#network()}, a veth pair joins the host's namespace to the far end
 * for the instance's lifetime ({@link HostVeth}); the launcher exports its offloads.
 *
 * <p>With the option {@code chroot=on} (set by the harness for a workload with a root
 * filesystem of its own) the launcher chroots into {@link Launch#rootfs()} instead, with no
 * namespace but a private mount namespace for /proc, /sys, /dev, /tmp and /scratch (see the
 * launcher's chroot.c): the same binaries as the container and the VM, nothing else.
 */
public final class BareRuntime implements InstanceRuntime {
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
        Map<String, String> env = env(launch);
        List<String> args = new ArrayList<>(chrootArgs(launch));
        NetAttachment net = launch.network();
        if (net == null) {
            return new LauncherProcess().run(launch, launch.rootfs().toAbsolutePath(), env, args);
        }
        env.put(NetAttachment.LINK_ENV, HostVeth.KIND);
        try (HostVeth link = createLink(net)) {
            args.addAll(List.of("--net-dev", link.hostName()));
            return new LauncherProcess().run(launch, launch.rootfs().toAbsolutePath(), env, args);
        }
    }

    private static HostVeth createLink(NetAttachment net) throws RuntimeFailure {
        try {
            return HostVeth.create(net);
        } catch (IOException e) {
            throw new RuntimeFailure("cannot create the veth link to the far end: " + e.getMessage(), e);
        }
    }

    @Override
    public Instance start(Launch launch) throws RuntimeFailure {
        return LauncherInstance.start(NativeHelpers.get().launcher(), launch, launch.rootfs().toAbsolutePath(),
                env(launch), chrootArgs(launch), () -> { }, List.of());
    }

    private static boolean chroot(Launch launch) {
        return "on".equals(launch.option(CHROOT_OPTION, "off"));
    }

    /** The launcher's arguments for a foreign root ({@code chroot=on}); none for the shared image. */
    private static List<String> chrootArgs(Launch launch) {
        if (!chroot(launch)) {
            return List.of();
        }
        List<String> args = new ArrayList<>(List.of("--chroot", launch.rootfs().toAbsolutePath().toString()));
        if (launch.scratch() != null) {
            args.addAll(List.of("--chroot-scratch", launch.scratch().toAbsolutePath().toString()));
        }
        return args;
    }

    private static Map<String, String> env(Launch launch) throws RuntimeFailure {
        if (!Files.isDirectory(launch.rootfs())) {
            throw new RuntimeFailure("the root filesystem " + launch.rootfs() + " is not a directory");
        }
        Map<String, String> env = new HashMap<>(launch.env());
        if (launch.scratch() != null) {
            // Inside a chroot the scratch directory is bind-mounted at /scratch; otherwise it is the host directory.
            env.put(SCRATCH_ENV, chroot(launch) ? Launch.SCRATCH_PATH : launch.scratch().toAbsolutePath().toString());
        }
        return env;
    }
}
