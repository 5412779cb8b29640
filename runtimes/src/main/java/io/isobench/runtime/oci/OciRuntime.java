package io.isobench.runtime.oci;

import io.isobench.runtime.Availability;
import io.isobench.runtime.FileTrees;
import io.isobench.runtime.Execution;
import io.isobench.runtime.Launch;
import io.isobench.runtime.Limits;
import io.isobench.runtime.Runtime;
import io.isobench.runtime.RuntimeFailure;
import io.isobench.runtime.container.ContainerRuntime;
import io.isobench.runtime.container.ContainerSettings;
import io.isobench.runtime.launch.LauncherProcess;
import io.isobench.runtime.net.NamespaceVeth;
import io.isobench.runtime.net.NetAttachment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A container run by a deployed OCI runtime ({@code container:runc}, {@code container:crun})
 * under the same harness as isobench's own: per trial, the overlay root over the same image
 * ({@link OverlayRoot}) and a bundle generated from the same settings ({@link OciBundle}).
 *
 * <p>The runtime is started through isobench's launcher in bare mode — {@code launcher
 * --cgroup PROCS... -- runc run --bundle B ID} — so it runs inside the trial's cgroup in every
 * hierarchy before it does anything, exactly as isobench's container does; the bundle's
 * relative {@code cgroupsPath} then puts the container in a child of the trial's cgroup, which
 * the trial's cgroup accounts. {@link LauncherProcess} does spawning, stdio, the timeout, the
 * out-of-memory verdict and rusage as for every other runtime. The timeline holds what can be
 * seen from outside: the spawn, the launcher joining the cgroup, the exec of the runtime, the
 * workload's ready line and the exit.
 */
public final class OciRuntime implements Runtime {
    private static final AtomicLong IDS = new AtomicLong();
    private static final Set<Path> SWEPT = ConcurrentHashMap.newKeySet();

    private final OciTool tool;
    private final Path base;

    public OciRuntime(OciTool tool, Path base) {
        this.tool = tool;
        this.base = base;
    }

    public OciRuntime(OciTool tool) {
        this(tool, Path.of(System.getProperty("java.io.tmpdir")));
    }

    @Override
    public String name() {
        return ContainerRuntime.NAME + ":" + tool.name();
    }

    @Override
    public Availability availability() {
        return tool.availability();
    }

    /** The runtime's state directory: ours, so that a leftover is recognisable and `runc list` stays clean. */
    Path stateRoot() {
        return Path.of("/run", "isobench-" + tool.name());
    }

    @Override
    public Execution execute(Launch launch) throws RuntimeFailure {
        Path rootfs = launch.rootfs().toAbsolutePath().normalize();
        if (!Files.isDirectory(rootfs)) {
            throw new RuntimeFailure("the root filesystem " + rootfs + " is not a directory");
        }
        ContainerSettings settings;
        try {
            settings = ContainerSettings.from(launch.options());
        } catch (IllegalArgumentException e) {
            throw new RuntimeFailure(e.getMessage(), e);
        }
        Path binary = tool.binary();
        if (binary == null) {
            throw new RuntimeFailure(tool.availability().reason());
        }
        Limits limits = launch.limits();
        if (limits.pids() == null) {
            // The same fork-bomb guard as isobench's container, on the trial's cgroup and in the bundle.
            limits = new Limits(limits.cpus(), limits.memoryBytes(), ContainerRuntime.DEFAULT_PIDS);
            try {
                launch.cgroup().applyLimits(new Limits(null, null, ContainerRuntime.DEFAULT_PIDS));
            } catch (IOException e) {
                limits = launch.limits(); // no pids controller here: no guard, as for the container
            }
        }
        Map<String, String> env = new HashMap<>(launch.env());
        if (launch.scratch() != null) {
            env.put("ISOBENCH_SCRATCH", Launch.SCRATCH_PATH);
        }
        if (SWEPT.add(base)) {
            OverlayRoot.sweepStale(base);
        }
        if (settings.hostNetwork() && launch.network() != null) {
            throw new RuntimeFailure(name() + " with net=host has no link to the far end (not built; isobench's container has one)");
        }
        if (settings.bridgeNat() && launch.network() != null) {
            throw new RuntimeFailure(name() + " with net=bridge-nat has no link to the far end (not built; isobench's container has one)");
        }
        NetAttachment net = launch.network();
        if (net != null) {
            env.put(NetAttachment.LINK_ENV, NamespaceVeth.KIND);
        }
        OverlayRoot overlay;
        try {
            overlay = OverlayRoot.mount(base, rootfs, settings.upperOnDisk());
        } catch (IOException e) {
            throw new RuntimeFailure(e.getMessage(), e);
        }
        NamespaceVeth link;
        try {
            link = net == null ? null : NamespaceVeth.create(net);
        } catch (IOException e) {
            overlay.close();
            throw new RuntimeFailure("cannot create the veth link to the far end: " + e.getMessage(), e);
        }
        Launch workload = new Launch(rootfs, launch.command(), env, limits, launch.cgroup(), launch.scratch(),
                launch.timeout(), launch.stdio(), launch.options(), null);
        String id = "isobench-" + ProcessHandle.current().pid() + "-" + IDS.incrementAndGet();
        Thread cleanup = new Thread(() -> {
            try {
                launch.cgroup().killAll();
            } catch (IOException ignored) {
                // the caller's cgroup cleanup reports it
            }
            delete(id, launch);
            overlay.close();
            if (link != null) {
                link.close();
            }
        }, "isobench-oci-cleanup");
        java.lang.Runtime.getRuntime().addShutdownHook(cleanup);
        try {
            OciBundle.write(overlay.dir(), OciBundle.config(workload, settings, overlay.root(), id, link == null ? null : link.path(), swapAccounted()));
            // --keep: runc leaves the container's cgroup for the harness to read. Removed at once,
            // a cgroup's block I/O vanishes from its parent's _recursive counters when the kernel
            // releases it (measured: 16 MiB written with fsync, 4 KiB left two seconds later).
            Launch runtime = new Launch(overlay.dir(), List.of(binary.toString(), "--root", stateRoot().toString(), "run",
                    "--keep", "--bundle", overlay.dir().toString(), id), Map.of(), limits, launch.cgroup(), null, launch.timeout(),
                    launch.stdio(), Map.of(), null);
            return new LauncherProcess().run(runtime, overlay.dir(), Map.of("PATH", "/usr/sbin:/usr/bin:/sbin:/bin"), List.of());
        } catch (IOException e) {
            throw new RuntimeFailure("cannot write the OCI bundle: " + e.getMessage(), e);
        } finally {
            try {
                java.lang.Runtime.getRuntime().removeShutdownHook(cleanup);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs anyway
            }
            delete(id, launch);
            overlay.close();
            if (link != null) {
                link.close();
            }
        }
    }

    /**
     * What {@code runc delete} would do, except removing the cgroups the trial's cgroup holds:
     * a container still running (its runtime killed on a timeout) is killed through its PID 1,
     * the cgroups runc made outside the trial's cgroup (hierarchies the harness does not read)
     * are removed, and the state directory goes. The container's cgroups inside the trial's
     * stay until the harness has read the trial's usage; its close() removes child cgroups.
     */
    private void delete(String id, Launch launch) {
        Path dir = stateRoot().resolve(id);
        if (!Files.exists(dir)) {
            return;
        }
        OciState state = OciState.read(dir);
        if (state.initPid() > 0) {
            // Killing PID 1 of the container's PID namespace takes the whole namespace down.
            ProcessHandle.of(state.initPid()).ifPresent(ProcessHandle::destroyForcibly);
        }
        for (Path cgroup : state.cgroupPaths()) {
            if (launch.cgroup().procsFiles().stream().noneMatch(procs -> cgroup.startsWith(procs.getParent()))) {
                removeCgroup(cgroup);
            }
        }
        FileTrees.deleteQuietly(dir);
    }

    /** rmdir, retried briefly: a cgroup is busy for a moment after its last process died. */
    private static void removeCgroup(Path cgroup) {
        for (int attempt = 0; attempt < 50; attempt++) {
            try {
                Files.deleteIfExists(cgroup);
                return;
            } catch (IOException busy) {
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
        System.err.println("isobench: cannot remove the cgroup " + cgroup + " that the container runtime made");
    }
    /** Whether the host accounts swap in the memory cgroup (v1 memsw, v2 memory.swap.max). */
    static boolean swapAccounted() {
        return Files.exists(Path.of("/sys/fs/cgroup/memory/memory.memsw.limit_in_bytes"))
                || Files.exists(Path.of("/sys/fs/cgroup/memory.swap.max"))
                || Files.exists(Path.of("/sys/fs/cgroup/cgroup.controllers"));
    }
}
