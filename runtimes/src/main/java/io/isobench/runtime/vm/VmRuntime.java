package io.isobench.runtime.vm;

import io.isobench.model.VmStats;
import io.isobench.runtime.Availability;
import io.isobench.runtime.Execution;
import io.isobench.runtime.FileTrees;
import io.isobench.runtime.Launch;
import io.isobench.runtime.Limits;
import io.isobench.runtime.Mark;
import io.isobench.runtime.Runtime;
import io.isobench.runtime.RuntimeFailure;
import io.isobench.runtime.launch.LauncherProcess;
import io.isobench.runtime.net.NetAttachment;
import io.isobench.runtime.vm.calibration.KvmCalibration;
import io.isobench.runtime.vm.calibration.KvmKind;
import io.isobench.runtime.vm.disk.ScratchDisk;
import io.isobench.runtime.vm.guest.GuestDevices;
import io.isobench.runtime.vm.guest.GuestPayload;
import io.isobench.runtime.vm.process.MonitorClassData;
import io.isobench.runtime.vm.process.MonitorJvm;
import io.isobench.runtime.vm.process.VmmArgs;
import io.isobench.runtime.vm.process.VmmMain;
import io.isobench.runtime.vm.process.VmmReport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The VM runtime: each instance is a fresh microVM of isobench's own monitor, booting the
 * guest kernel with the root filesystem (the shared image) as its initramfs, or a workload's
 * own root as a read-only root disk. The monitor
 * runs as its own process (a JVM running {@link VmmMain}), started through the launcher
 * inside the trial's cgroup, so CPU time, peak memory and block I/O are measured for the
 * monitor plus everything the guest made it do, exactly as for the other runtimes.
 *
 * <p>Limits: {@code --cpus} becomes the vCPU count (rounded up) and the cgroup's CPU quota;
 * {@code --memory} becomes the guest's RAM, and the cgroup around the monitor gets that plus
 * {@link #MONITOR_ALLOWANCE_BYTES} for the monitor itself. Options (Launch.options):
 * {@code kernel=FILE}, {@code allow-emulated-kvm=true}, {@code console=FILE} (keep the kernel console there),
 * {@code kernel-args=PARAM ...} (appended to the guest kernel's command line, e.g. {@code nokaslr}),
 * {@code root=initramfs|disk} ({@link #ROOT_OPTION}), {@code root-key=KEY} ({@link #ROOT_KEY_OPTION}).
 *
 * <p>Root: by default the root directory (the shared image) is packed into the initramfs. With
 * {@code root=disk} it becomes a read-only ext4 root disk ({@link io.isobench.runtime.vm.guest.RootDisk},
 * cached) attached after the scratch disk, which guest-init mounts and switches to; the
 * initramfs then holds only guest-init and the modules. A workload's own root always runs
 * that way (the harness sets the option), so that a large root never sits in guest RAM.
 *
 * <p>Network ({@link Launch#network()}, null: none): the monitor creates a tap named
 * {@code linkName + "-t"} inside the far end's namespace ({@code farEnd}) with
 * {@code farAddress/prefixLength} on it, and gives the guest a virtio-net device on it;
 * guest-init loads virtio_net and puts {@code instanceAddress/prefixLength} on eth0. No
 * default route on either side. The tap belongs to the monitor process and disappears with
 * it, also when it is killed. Option {@code net-offloads=off} (default on) gives the guest a
 * link without checksum and TCP segmentation offloads; the trial's {@code vm.net} lists the
 * offloads in effect as {@code offload.NAME = 1}. The workload's environment
 * ({@code launch.env()}, which carries {@code ISOBENCH_NET_PEER}) is passed into the guest as
 * always. The monitor's own launch has no network: the launcher does nothing for the link.
 */
public final class VmRuntime implements io.isobench.runtime.InstanceRuntime {
    public static final String NAME = "vm";
    /** Guest RAM when no --memory is given. */
    public static final long DEFAULT_MEMORY_BYTES = 1L << 30;
    /** What the monitor JVM may use besides guest RAM before the cgroup limit bites. */
    public static final long MONITOR_ALLOWANCE_BYTES = 384L << 20;

    /**
     * How long before the launch's deadline the monitor stops the VM itself (at most; a quarter
     * of a short timeout): room for the monitor to tear down and report, measured at 3-5 s in the rig.
     */
    static final Duration MONITOR_STOP_MARGIN = Duration.ofSeconds(15);

    /** Where the root lives: {@code initramfs} (default) or {@code disk}. */
    public static final String ROOT_OPTION = "root";

    /**
     * With {@code root=disk}: what identifies the root's contents (e.g. the digest its cache
     * directory is named by), so the root disk is keyed by it without scanning the tree; absent:
     * the tree's stat data is the key.
     */
    public static final String ROOT_KEY_OPTION = "root-key";

    private final Supplier<KvmCalibration> calibration;

    /** @param calibration the host's KVM classification, shared by all instances (it takes up to a second) */
    public VmRuntime(Supplier<KvmCalibration> calibration) {
        this.calibration = calibration;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Availability availability() {
        KvmCalibration c = calibration.get();
        if (c.kind() == KvmKind.HARDWARE) {
            return Availability.yes();
        }
        return Availability.no(c.kind() == KvmKind.EMULATED ? c.detail() + RIG_HINT : c.detail());
    }

    /**
     * What to do on a host whose KVM is emulated (the development machines): the exact
     * command that runs the VM runtime inside the nested rig, from the checkout. RIG_WRITABLE
     * lets the rig write the results back to the host (everything else in L2 is thrown away).
     */
    public static final String RIG_HINT = "; to measure VMs on this host, run them inside the nested KVM rig"
            + " (docs/kvm-rig.md), from the isobench checkout: mkdir -p results && RIG_WRITABLE=results"
            + " scripts/kvm-rig ./isobench run --runtimes vm --quick --out results/rig-vm";

    /** The VM's link is a tap in the far end: it needs /dev/net/tun. */
    @Override
    public Availability networkAvailability() {
        return io.isobench.runtime.vm.devices.virtio.net.TapBackend.availability();
    }

    /** What both ways of running a VM check first: a usable KVM (unless allowed emulated) and a root directory. */
    private void requireUsable(Launch launch) throws RuntimeFailure {
        if (!Boolean.parseBoolean(launch.option("allow-emulated-kvm", "false"))) {
            Availability a = availability();
            if (!a.available()) {
                throw new RuntimeFailure("the VM runtime is unavailable: " + a.reason());
            }
        }
        if (!Files.isDirectory(launch.rootfs())) {
            throw new RuntimeFailure("the root filesystem " + launch.rootfs() + " is not a directory");
        }
    }

    /** The {@value #ROOT_OPTION} option: whether the root is a read-only disk rather than in the initramfs. */
    static boolean rootDisk(Launch launch) throws RuntimeFailure {
        String root = launch.option(ROOT_OPTION, "initramfs");
        if (!root.equals("initramfs") && !root.equals("disk")) {
            throw new RuntimeFailure("the VM option root must be initramfs or disk, not '" + root + "'.");
        }
        return root.equals("disk");
    }

    /** The monitor's cgroup holds guest RAM plus the monitor's own allowance. */
    private static void limitMonitor(Launch launch, long guestMemory) throws RuntimeFailure {
        Limits limits = launch.limits();
        try {
            launch.cgroup().applyLimits(new Limits(limits.cpus(), guestMemory + MONITOR_ALLOWANCE_BYTES, limits.pids()));
        } catch (IOException e) {
            throw new RuntimeFailure("cannot set the limits of the monitor's cgroup: " + e.getMessage(), e);
        }
    }

    /** The monitor's report and console live here until the instance is gone. */
    private static Path workDirectory() throws RuntimeFailure {
        try {
            return io.isobench.runtime.OwnedTempDirs.create("isobench-vm-");
        } catch (IOException e) {
            throw new RuntimeFailure("cannot create a temporary directory for the VM: " + e.getMessage(), e);
        }
    }

    @Override
    public Execution execute(Launch launch) throws RuntimeFailure {
        requireUsable(launch);
        String offloads = launch.option("net-offloads", "on");
        if (!offloads.equals("on") && !offloads.equals("off")) {
            throw new RuntimeFailure("the VM option net-offloads must be on or off, not '" + offloads + "'.");
        }
        String kernelOption = launch.option("kernel", null);
        NetAttachment link = launch.network();
        GuestPayload.Prepared guest = GuestPayload.prepare(new GuestPayload.Request(launch.rootfs(),
                kernelOption == null ? null : Path.of(kernelOption), launch.command(), launch.scratch() != null, null,
                launch.env(), GuestDevices.VIRTIO_MMIO, kernelParams(launch.option("kernel-args", "")),
                link == null ? null : new GuestPayload.GuestNetwork(link.instanceAddress(), link.prefixLength()),
                rootDisk(launch), launch.option(ROOT_KEY_OPTION, null)));
        Path disk = launch.scratch() == null ? null : ScratchDisk.create(launch.scratch(), ScratchDisk.DEFAULT_BYTES);

        Limits limits = launch.limits();
        int vcpus = limits.cpus() == null ? Math.min(java.lang.Runtime.getRuntime().availableProcessors(), 8)
                : (int) Math.ceil(limits.cpus());
        long memory = limits.memoryBytes() == null ? DEFAULT_MEMORY_BYTES : limits.memoryBytes();
        limitMonitor(launch, memory);

        Path work = workDirectory();
        try {
            String consoleOption = launch.option("console", null);
            Path console = consoleOption == null ? work.resolve("console.log") : Path.of(consoleOption);
            // The monitor stops the VM a little before the launch's deadline, so that a hung guest is
            // reported by the monitor (with the console's last lines), not just killed.
            Duration margin = launch.timeout().dividedBy(4).compareTo(MONITOR_STOP_MARGIN) < 0
                    ? launch.timeout().dividedBy(4) : MONITOR_STOP_MARGIN;
            long deadline = System.nanoTime() + launch.timeout().minus(margin).toNanos();
            VmmArgs args = new VmmArgs(guest.kernel().image(), guest.initramfs(), guest.cmdline(), vcpus, memory, disk,
                    false, deadline, work.resolve("report.json"), console, link, offloads.equals("on"), false, guest.rootDisk());
            List<String> command = new ArrayList<>(monitorCommand(guest.kernel().image(), guest.initramfs()));
            command.addAll(args.toArgs());
            Launch monitor = new Launch(launch.rootfs(), command, Map.of(), launch.limits(), launch.cgroup(),
                    launch.scratch(), launch.timeout(), launch.stdio(), launch.options());
            Execution e = new LauncherProcess().run(monitor, work, MONITOR_ENV, List.of());
            return withVm(e, args.report(), args.console());
        } finally {
            FileTrees.deleteQuietly(work);
        }
    }

    /**
     * A long-lived microVM (isobench density): the same monitor as {@link #execute}, started
     * through {@link io.isobench.runtime.launch.LauncherInstance}; ready is the guest workload's
     * ready line, which the monitor relays on its stdout (restamped, see VmmMain). The monitor's
     * own deadline is {@link #INSTANCE_LIFETIME} away: the caller stops the instance.
     * NOT YET VERIFIED in the nested rig (docs/density.md, "Not done yet").
     */
    @Override
    public io.isobench.runtime.Instance start(Launch launch) throws RuntimeFailure {
        requireUsable(launch);
        String kernelOption = launch.option("kernel", null);
        GuestPayload.Prepared guest = GuestPayload.prepare(new GuestPayload.Request(launch.rootfs(),
                kernelOption == null ? null : Path.of(kernelOption), launch.command(), false, null,
                launch.env(), GuestDevices.VIRTIO_MMIO, kernelParams(launch.option("kernel-args", "")), null,
                rootDisk(launch), launch.option(ROOT_KEY_OPTION, null)));
        Limits limits = launch.limits();
        int vcpus = limits.cpus() == null ? 1 : (int) Math.ceil(limits.cpus());
        long memory = limits.memoryBytes() == null ? DEFAULT_MEMORY_BYTES : limits.memoryBytes();
        limitMonitor(launch, memory);
        Path work = workDirectory();
        VmmArgs args = new VmmArgs(guest.kernel().image(), guest.initramfs(), guest.cmdline(), vcpus, memory, null,
                false, System.nanoTime() + INSTANCE_LIFETIME.toNanos(), work.resolve("report.json"),
                work.resolve("console.log"), null, false, Boolean.parseBoolean(launch.option("mergeable", "false")),
                guest.rootDisk());
        List<String> command = new ArrayList<>(monitorCommand(guest.kernel().image(), guest.initramfs()));
        command.addAll(args.toArgs());
        Launch monitor = new Launch(launch.rootfs(), command, Map.of(), launch.limits(), launch.cgroup(), null,
                launch.timeout(), launch.stdio(), launch.options());
        return new VmInstance(io.isobench.runtime.launch.LauncherInstance.start(
                io.isobench.runtime.launch.NativeHelpers.get().launcher(), monitor, work, MONITOR_ENV,
                List.of(), () -> FileTrees.deleteQuietly(work), List.of(work)), work);
    }

    /** How long a density VM may live before its monitor stops it by itself (a bound, not a plan). */
    static final Duration INSTANCE_LIFETIME = Duration.ofHours(24);

    /** The {@code kernel-args} option: parameters separated by blanks. */
    static List<String> kernelParams(String option) {
        return option.isBlank() ? List.of() : List.of(option.strip().split("\\s+"));
    }

    /** Merges what the monitor reported into what the launcher saw. */
    static Execution withVm(Execution e, Path reportFile, Path console) throws RuntimeFailure {
        if (!Files.exists(reportFile)) {
            if (e.timedOut()) {
                return e;
            }
            throw new RuntimeFailure("the VM monitor ended without a report (exit code " + e.exitCode() + ")"
                    + lastLine(e.stderr()));
        }
        VmmReport r;
        try {
            r = VmmReport.read(reportFile);
        } catch (IOException ex) {
            throw new RuntimeFailure("cannot read the VM monitor's report: " + ex.getMessage(), ex);
        }
        List<Mark> marks = new ArrayList<>(e.marks());
        for (VmmReport.NamedInstant i : r.marks()) {
            marks.add(new Mark(i.name(), i.nanoTime()));
        }
        marks.sort(Comparator.comparingLong(Mark::monotonicNs));
        VmStats vm = new VmStats(r.exits(), r.guestMemoryBytes(), r.touchedBytes(), r.monitorOverheadBytes(), r.net());
        String failure = e.failure() != null ? e.failure() : r.failure();
        int exitCode = r.exitCode() != null ? r.exitCode() : e.exitCode();
        return new Execution(exitCode, e.timedOut(), e.stdout(), e.stderr(), e.spawnNs(), marks, e.userNs(),
                e.systemNs(), vm, failure);
    }

    /**
     * The monitor's JVM ({@link MonitorJvm}: lean flags) with its class-data archive, made on
     * first use with this guest payload ({@link MonitorClassData}); without one when it cannot
     * be made (the monitor then starts as a plain JVM, which the first instance's stderr says).
     */
    public static List<String> monitorCommand(Path kernel, Path initrd) {
        StringBuilder why = new StringBuilder();
        java.util.Optional<Path> archive = MonitorClassData.standard().ensure(kernel, initrd, why);
        if (archive.isEmpty() && !why.isEmpty() && WARNED.compareAndSet(false, true)) {
            System.err.println("isobench: note: the VM monitor runs without its class-data archive: " + why);
        }
        return MonitorJvm.command(archive);
    }

    /**
     * The monitor's environment: two malloc arenas at most (glibc gives each busy thread an arena
     * of its own, up to 8 per CPU, each holding freed memory the monitor will not need again).
     */
    public static final Map<String, String> MONITOR_ENV = Map.of("PATH", "/usr/bin:/bin", "MALLOC_ARENA_MAX", "2");

    private static final java.util.concurrent.atomic.AtomicBoolean WARNED = new java.util.concurrent.atomic.AtomicBoolean();

    private static String lastLine(String text) {
        String t = text.strip();
        return t.isEmpty() ? "" : ": " + t.substring(t.lastIndexOf('\n') + 1);
    }
}
