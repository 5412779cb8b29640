package io.isobench.runtime.container;

import io.isobench.runtime.Privileges;
import io.isobench.runtime.Availability;
import io.isobench.runtime.Execution;
import io.isobench.runtime.Instance;
import io.isobench.runtime.InstanceRuntime;
import io.isobench.runtime.Launch;
import io.isobench.runtime.Limits;
import io.isobench.runtime.Runtime;
import io.isobench.runtime.RuntimeFailure;
import io.isobench.runtime.launch.LauncherInstance;
import io.isobench.runtime.launch.LauncherProcess;
import io.isobench.runtime.launch.NativeHelpers;
import io.isobench.runtime.net.BridgeNat;
import io.isobench.runtime.net.HostVeth;
import io.isobench.runtime.net.NetAttachment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * isobench's own container: the launcher (src/main/c/launcher, container mode) clones the
 * command into new mount, PID, UTS, IPC, network and cgroup namespaces inside the trial's
 * cgroup, builds an overlay root (the root filesystem as the read-only lower layer, a fresh
 * upper layer per instance, on a private tmpfs unless {@code upper=disk}), pivots into it and hardens the process (capabilities,
 * no_new_privs, seccomp, masked paths) before exec. The command is PID 1 of its namespace.
 *
 * <p>This class does what Java does well around that: checks the host, makes and removes
 * the overlay directories, and shares {@link LauncherProcess} with the bare runtime for
 * spawning, timeouts, stdio and the report. Mounts need no cleanup: they exist only in the
 * container's mount namespace and vanish with its last process.
 */
public final class ContainerRuntime implements InstanceRuntime {
    public static final String NAME = "container";
    /** Same name as {@code io.isobench.workloads.ImageLayout.SCRATCH_ENV}. */
    static final String SCRATCH_ENV = "ISOBENCH_SCRATCH";
    static final List<String> NAMESPACES = List.of("mnt", "pid", "uts", "ipc", "net", "cgroup");
    /** The pids limit when the caller set none: a fork bomb in a container must not take the host down. */
    public static final int DEFAULT_PIDS = 4096;

    private static final Set<Path> SWEPT = ConcurrentHashMap.newKeySet();

    private final Path overlayBase;
    private final Path launcher;

    /** Per-instance directories go to {@code overlayBase} (for {@code upper=disk}: a filesystem overlay accepts as upper, not overlay itself). */
    public ContainerRuntime(Path overlayBase) {
        this(overlayBase, null);
    }

    /** Runs {@code launcher} instead of this build's (null: this build's); tests start it through a wrapper. */
    ContainerRuntime(Path overlayBase, Path launcher) {
        this.overlayBase = overlayBase;
        this.launcher = launcher;
    }

    public ContainerRuntime() {
        this(Path.of(System.getProperty("java.io.tmpdir")));
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Availability availability() {
        try {
            NativeHelpers.get().launcher();
        } catch (RuntimeException e) {
            return Availability.no(e.getMessage());
        }
        if (!Privileges.isRoot()) {
            return Availability.no("the container runtime needs root to create namespaces and mount its root (try sudo)");
        }
        for (String ns : NAMESPACES) {
            if (!Files.exists(Path.of("/proc/self/ns", ns))) {
                return Availability.no("this kernel has no " + ns + " namespaces, which the container runtime needs");
            }
        }
        try {
            if (!Files.readString(Path.of("/proc/filesystems")).contains("\toverlay\n")
                    && !Files.exists(Path.of("/sys/module/overlay"))) {
                return Availability.no("the overlay filesystem is not available (try: modprobe overlay)");
            }
        } catch (IOException e) {
            return Availability.no("cannot read /proc/filesystems: " + e.getMessage());
        }
        return Availability.yes();
    }

    @Override
    public Execution execute(Launch launch) throws RuntimeFailure {
        Prepared p = prepare(launch);
        // Ctrl-C ends the JVM without running our finally: take the instance and its
        // directories down from a shutdown hook too.
        Thread cleanup = new Thread(() -> {
            try {
                launch.cgroup().killAll();
            } catch (IOException ignored) {
                // the caller's cgroup cleanup reports it
            }
            p.cleanUp();
        }, "isobench-container-cleanup");
        java.lang.Runtime.getRuntime().addShutdownHook(cleanup);
        try {
            LauncherProcess process = launcher == null ? new LauncherProcess() : new LauncherProcess(launcher);
            return process.run(launch, p.rootfs(), p.env(), p.args());
        } finally {
            try {
                java.lang.Runtime.getRuntime().removeShutdownHook(cleanup);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs anyway
            }
            p.cleanUp();
        }
    }

    /**
     * A long-lived container (isobench density). The caller stops it (also on Ctrl-C: the
     * density command keeps every instance and stops them all), which removes its directories.
     */
    @Override
    public Instance start(Launch launch) throws RuntimeFailure {
        Prepared p = prepare(launch);
        return LauncherInstance.start(launcher == null ? NativeHelpers.get().launcher() : launcher, launch, p.rootfs(), p.env(), p.args(),
                p::cleanUp, List.of(p.dirs().dir()));
    }

    /** What both ways of running a container need: checked rootfs, env, fresh overlay dirs, launcher args. */
    private record Prepared(Path rootfs, Map<String, String> env, OverlayDirs dirs, List<String> args,
                            AutoCloseable hostNet) {
        /**
         * Removes what the instance had on the host: its overlay directories and, with net=host,
         * its link, with net=bridge-nat, its place on the bridge.
         */
        void cleanUp() {
            deleteQuietly(dirs);
            if (hostNet != null) {
                try {
                    hostNet.close();
                } catch (Exception e) {
                    System.err.println("isobench: cannot remove the container's host network part: " + e.getMessage());
                }
            }
        }
    }

    private Prepared prepare(Launch launch) throws RuntimeFailure {
        Path rootfs = launch.rootfs().toAbsolutePath().normalize();
        if (!Files.exists(rootfs)) {
            throw new RuntimeFailure("the root filesystem " + rootfs + " does not exist");
        }
        if (!Files.isDirectory(rootfs)) {
            throw new RuntimeFailure("the root filesystem " + rootfs + " is not a directory");
        }
        if (!Files.isReadable(rootfs) || !Files.isExecutable(rootfs)) {
            throw new RuntimeFailure("the root filesystem " + rootfs + " is not readable");
        }
        ContainerSettings settings;
        try {
            settings = ContainerSettings.from(launch.options());
        } catch (IllegalArgumentException e) {
            throw new RuntimeFailure(e.getMessage(), e);
        }
        if (launch.limits().pids() == null) {
            try {
                launch.cgroup().applyLimits(new Limits(null, null, DEFAULT_PIDS));
            } catch (IOException e) {
                // No pids controller for this cgroup (e.g. not delegated on v2): no guard, as on bare metal.
            }
        }
        Map<String, String> env = new HashMap<>(launch.env());
        if (launch.scratch() != null) {
            env.put(SCRATCH_ENV, Launch.SCRATCH_PATH);
        }

        if (SWEPT.add(overlayBase)) {
            // Once per JVM and directory: listing a big /tmp before every trial would cost time for nothing.
            OverlayDirs.sweepStale(overlayBase);
        }
        OverlayDirs dirs;
        try {
            dirs = OverlayDirs.create(overlayBase, settings.upperOnDisk());
        } catch (IOException e) {
            throw new RuntimeFailure("cannot create the overlay directories in " + overlayBase + ": " + e.getMessage(), e);
        }
        List<String> args = new ArrayList<>(List.of("--container", "--rootfs", rootfs.toString()));
        if (settings.upperOnDisk()) {
            args.addAll(List.of("--upper", dirs.upper().toString(), "--work", dirs.work().toString(),
                    "--merged", dirs.merged().toString()));
        } else {
            args.addAll(List.of("--state", dirs.dir().toString()));
        }
        if (launch.scratch() != null) {
            args.add("--scratch");
            args.add(launch.scratch().toAbsolutePath().toString());
        }
        args.addAll(settings.launcherArgs());
        NetAttachment net = launch.network();
        AutoCloseable hostNet = null;
        if (net != null && settings.hostNetwork()) {
            // --net=host: the host's namespace, so the link is bare metal's, made before the start.
            env.put(NetAttachment.LINK_ENV, "host-veth");
            HostVeth hostLink;
            try {
                hostLink = createHostLink(net);
            } catch (RuntimeFailure e) {
                deleteQuietly(dirs);
                throw e;
            }
            hostNet = hostLink;
            args.addAll(List.of("--net-dev", hostLink.hostName()));
        } else if (net != null && settings.bridgeNat()) {
            // Docker's default: the bridge and masquerade exist before the start (Docker's
            // daemon keeps docker0); the launcher joins the container's veth to the bridge.
            BridgeNat.Lease lease;
            try {
                lease = BridgeNat.lease(net);
            } catch (IOException e) {
                deleteQuietly(dirs);
                throw new RuntimeFailure(e.getMessage(), e);
            }
            hostNet = lease;
            env.put(NetAttachment.LINK_ENV, BridgeNat.KIND);
            env.put(NetAttachment.PEER_ENV, lease.farAddress());
            args.addAll(List.of("--net-bridge", lease.bridge(), "--net-addr", lease.instanceCidr(),
                    "--net-gateway", lease.gateway(), "--net-route", lease.farAddress(), "--net-link", net.linkName()));
        } else if (net != null) {
            // The launcher creates the veth with netlink inside the timed start ("network" phase).
            env.put(NetAttachment.LINK_ENV, "veth");
            args.addAll(List.of("--net-far", net.farEnd().toString(), "--net-addr", net.instanceCidr(),
                    "--net-peer", net.farCidr(), "--net-link", net.linkName()));
        }
        return new Prepared(rootfs, env, dirs, args, hostNet);
    }

    private static HostVeth createHostLink(NetAttachment net) throws RuntimeFailure {
        try {
            return HostVeth.create(net);
        } catch (IOException e) {
            throw new RuntimeFailure("cannot create the veth link to the far end: " + e.getMessage(), e);
        }
    }

    private static void deleteQuietly(OverlayDirs dirs) {
        try {
            dirs.close();
        } catch (IOException e) {
            System.err.println("isobench: cannot remove " + dirs.dir() + ": " + e.getMessage());
        }
    }

}
