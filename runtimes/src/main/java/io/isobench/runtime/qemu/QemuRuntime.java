package io.isobench.runtime.qemu;

import io.isobench.model.VmStats;
import io.isobench.runtime.Availability;
import io.isobench.runtime.Execution;
import io.isobench.runtime.FileTrees;
import io.isobench.runtime.Launch;
import io.isobench.runtime.Limits;
import io.isobench.runtime.Mark;
import io.isobench.runtime.OwnedTempDirs;
import io.isobench.runtime.Programs;
import io.isobench.runtime.Runtime;
import io.isobench.runtime.RuntimeFailure;
import io.isobench.runtime.Stdio;
import io.isobench.runtime.launch.KeptOutput;
import io.isobench.runtime.launch.LauncherProcess;
import io.isobench.runtime.vm.VmRuntime;
import io.isobench.runtime.vm.calibration.KvmCalibration;
import io.isobench.runtime.vm.calibration.KvmKind;
import io.isobench.runtime.vm.console.ReadyLineRestamp;
import io.isobench.runtime.vm.devices.marker.MarkerCode;
import io.isobench.runtime.vm.disk.ScratchDisk;
import io.isobench.runtime.vm.guest.ConsoleFrames;
import io.isobench.runtime.vm.guest.GuestDevices;
import io.isobench.runtime.vm.guest.GuestPayload;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * {@code vm:qemu}: the VM runtime's trial in QEMU ({@code -M microvm -accel kvm}, option
 * {@code machine=q35} for a PC) instead of isobench's monitor, with everything the guest sees
 * made the same: the same kernel, initramfs (or root disk with {@code root=disk}), command line
 * and guest-init, the same vCPUs and guest RAM, the scratch disk as virtio-blk, COM1 for the
 * console, COM2 for the workload's framed output and the marker port 0x600 ({@link QemuCommand}).
 *
 * <p>QEMU is started through isobench's launcher in bare mode, inside the trial's cgroup, as
 * runc is for {@code container:runc} and our monitor for {@code vm}: the cgroup accounts QEMU and
 * everything the guest makes it do, with the same memory limit (guest RAM plus the monitor's
 * allowance). What our monitor does in its own process this runtime does next to QEMU: it
 * decodes COM2's frames into the workload's stdout and stderr (the ready line restamped on the
 * host's clock on arrival), reads the markers (timestamped on arrival; the workload's exit
 * status is the exit marker's argument) and, at the workload's exit marker, QEMU's memory: its
 * RSS and the guest RAM mapping's resident part, whose difference is reported as the monitor's
 * overhead. QEMU's VM exits are not visible from outside: the trial's exit counts stay empty.
 *
 * <p>No network link: the net workloads are {@code unavailable} ({@link #networkAvailability()}).
 */
public final class QemuRuntime implements Runtime {
    public static final String NAME = VmRuntime.NAME + ":qemu";
    static final String BINARY = "qemu-system-x86_64";
    /** The runtime option naming the machine: {@code microvm} (default) or {@code q35}. */
    public static final String MACHINE_OPTION = "machine";
    static final int CAPTURE_LIMIT = 8 * 1024 * 1024;
    /**
     * The one kernel parameter microvm's guest gets beyond ours: microvm has no i8042, so the
     * command line's {@code reboot=k} finds no keyboard controller, Linux goes on to its other ways
     * (EFI, a real-mode jump to the firmware), and none ended QEMU (measured in the rig: an
     * io.seq-write trial reached its exit marker and then ran into its 300 s timeout). A triple
     * fault ends QEMU under {@code -no-reboot}; appended, it overrides {@code reboot=k}.
     */
    static final String MICROVM_REBOOT = "reboot=t";

    private final Supplier<KvmCalibration> calibration;

    public QemuRuntime(Supplier<KvmCalibration> calibration) {
        this.calibration = calibration;
    }

    @Override
    public String name() {
        return NAME;
    }

    /** QEMU installed and hardware KVM, judged by the same calibration as the {@code vm} runtime. */
    @Override
    public Availability availability() {
        if (Programs.find(BINARY) == null) {
            return Availability.no(BINARY + " is not installed (Debian package qemu-system-x86)");
        }
        KvmCalibration c = calibration.get();
        if (c.kind() != KvmKind.HARDWARE) {
            return Availability.no(c.kind() == KvmKind.EMULATED ? c.detail() + RIG_HINT : c.detail());
        }
        return Availability.yes();
    }

    /** What to do on a host whose KVM is emulated: the same as for the vm runtime, in the nested rig. */
    static final String RIG_HINT = "; to measure QEMU on this host, run it inside the nested KVM rig (docs/kvm-rig.md),"
            + " from the isobench checkout: mkdir -p results && RIG_WRITABLE=results scripts/kvm-rig ./isobench run"
            + " --runtimes vm,vm:qemu --quick --out results/rig-vm";

    /** One sentence: why the net workloads do not run here. */
    static final String NO_NETWORK = "vm:qemu has no link to the run's far end: QEMU would need a tap created in the"
            + " far end's namespace and handed over as a file descriptor, which is not built";

    @Override
    public Availability networkAvailability() {
        return Availability.no(NO_NETWORK);
    }

    @Override
    public Execution execute(Launch launch) throws RuntimeFailure {
        if (!Boolean.parseBoolean(launch.option("allow-emulated-kvm", "false"))) {
            Availability a = availability();
            if (!a.available()) {
                throw new RuntimeFailure(NAME + " is unavailable: " + a.reason());
            }
        }
        if (!Files.isDirectory(launch.rootfs())) {
            throw new RuntimeFailure("the root filesystem " + launch.rootfs() + " is not a directory");
        }
        if (launch.network() != null) {
            throw new RuntimeFailure(NO_NETWORK);
        }
        String machine = launch.option(MACHINE_OPTION, "microvm");
        if (!QemuCommand.MACHINES.contains(machine)) {
            throw new RuntimeFailure("the vm:qemu option machine must be one of " + String.join(", ", QemuCommand.MACHINES)
                    + ", not '" + machine + "'.");
        }
        boolean pci = machine.equals("q35");
        String root = launch.option(VmRuntime.ROOT_OPTION, "initramfs");
        if (!root.equals("initramfs") && !root.equals("disk")) {
            throw new RuntimeFailure("the VM option root must be initramfs or disk, not '" + root + "'.");
        }
        String kernelOption = launch.option("kernel", null);
        String kernelArgs = launch.option("kernel-args", "");
        List<String> params = new ArrayList<>(kernelArgs.isBlank() ? List.of() : List.of(kernelArgs.strip().split("\\s+")));
        if (!pci) {
            params.add(0, MICROVM_REBOOT);
        }
        GuestPayload.Prepared guest = GuestPayload.prepare(new GuestPayload.Request(launch.rootfs(),
                kernelOption == null ? null : Path.of(kernelOption), launch.command(), launch.scratch() != null, null,
                launch.env(), pci ? GuestDevices.VIRTIO_PCI : GuestDevices.VIRTIO_MMIO, params, null,
                root.equals("disk"), launch.option(VmRuntime.ROOT_KEY_OPTION, null)));
        Path disk = launch.scratch() == null ? null : ScratchDisk.create(launch.scratch(), ScratchDisk.DEFAULT_BYTES);

        Limits limits = launch.limits();
        int vcpus = limits.cpus() == null ? Math.min(java.lang.Runtime.getRuntime().availableProcessors(), 8)
                : (int) Math.ceil(limits.cpus());
        long memory = limits.memoryBytes() == null ? VmRuntime.DEFAULT_MEMORY_BYTES : limits.memoryBytes();
        memory = (memory + (1L << 20) - 1) & -(1L << 20); // QEMU takes whole MiB
        try {
            launch.cgroup().applyLimits(new Limits(limits.cpus(), memory + VmRuntime.MONITOR_ALLOWANCE_BYTES, limits.pids()));
        } catch (IOException e) {
            throw new RuntimeFailure("cannot set the limits of QEMU's cgroup: " + e.getMessage(), e);
        }

        Path work;
        try {
            work = OwnedTempDirs.create("isobench-vm-");
        } catch (IOException e) {
            throw new RuntimeFailure("cannot create a temporary directory for QEMU: " + e.getMessage(), e);
        }
        try {
            String consoleOption = launch.option("console", null);
            Path binary = Programs.find(BINARY);
            if (binary == null) {
                throw new RuntimeFailure(BINARY + " is not installed (Debian package qemu-system-x86)");
            }
            QemuCommand cmd = new QemuCommand(binary, machine, guest.kernel().image(),
                    guest.initramfs(), guest.cmdline(), vcpus, memory, disk, guest.rootDisk(),
                    consoleOption == null ? work.resolve("console.log") : Path.of(consoleOption),
                    work.resolve("com2.sock"), work.resolve("markers.sock"), work.resolve("qemu.pid"));
            return run(launch, cmd, work);
        } finally {
            FileTrees.deleteQuietly(work);
        }
    }

    private Execution run(Launch launch, QemuCommand cmd, Path work) throws RuntimeFailure {
        boolean capture = launch.stdio() != Stdio.INHERIT;
        KeptOutput out = new KeptOutput(CAPTURE_LIMIT);
        KeptOutput err = new KeptOutput(CAPTURE_LIMIT);
        OutputStream stdout = capture ? out : unclosable(new FileOutputStream(FileDescriptor.out));
        OutputStream stderr = capture ? err : unclosable(new FileOutputStream(FileDescriptor.err));
        ReadyLineRestamp restamp = new ReadyLineRestamp(stdout, System::nanoTime);
        ConsoleFrames frames = new ConsoleFrames(restamp, stderr);
        AtomicReference<String> outputProblem = new AtomicReference<>();
        AtomicReference<ProcessMemory> memory = new AtomicReference<>();
        AtomicReference<String> memoryProblem = new AtomicReference<>();
        GuestMarkers markers = new GuestMarkers(System::nanoTime, () -> {
            // QEMU's memory at the workload's end, as our monitor reads its own at the VM's end.
            try {
                long pid = Long.parseLong(Files.readString(cmd.pidFile()).strip());
                memory.set(ProcessMemory.read(pid, cmd.memoryBytes()));
            } catch (IOException | RuntimeException e) {
                memoryProblem.set(e.getMessage());
            }
        });
        Execution e;
        try (SocketChannelReader com2 = SocketChannelReader.listen(cmd.outputSocket(), (buf, len) -> {
                if (outputProblem.get() == null) {
                    try {
                        frames.feed(buf, 0, len);
                    } catch (IOException ex) {
                        outputProblem.set("the workload's output channel broke: " + ex.getMessage());
                    }
                }
            }, "isobench-qemu-com2");
             SocketChannelReader port = SocketChannelReader.listen(cmd.markerSocket(), markers, "isobench-qemu-markers")) {
            Launch qemu = new Launch(launch.rootfs(), cmd.argv(), Map.of(), launch.limits(), launch.cgroup(), null,
                    launch.timeout(), Stdio.CAPTURE, Map.of(), null);
            e = new LauncherProcess().run(qemu, work, Map.of("PATH", "/usr/bin:/bin"), List.of());
            // QEMU is gone: its sockets end; what is still in flight is read before they close.
            com2.awaitEnd(5000);
            port.awaitEnd(5000);
        } catch (IOException ex) {
            throw new RuntimeFailure("cannot listen for QEMU's serial port and marker port: " + ex.getMessage(), ex);
        }
        if (outputProblem.get() == null) {
            try {
                frames.finish();
                restamp.close();
            } catch (IOException ex) {
                outputProblem.set(ex.getMessage());
            }
        }
        return execution(e, markers, outputProblem.get(), memory.get(), cmd, capture ? out.text() : "",
                capture ? err.text() : "");
    }

    /** What the launcher saw of QEMU, with the guest's side put in as our monitor's report puts it. */
    static Execution execution(Execution e, GuestMarkers markers, String outputProblem, ProcessMemory memory,
                               QemuCommand cmd, String stdout, String stderr) {
        List<Mark> marks = new ArrayList<>(e.marks());
        Integer exitCode = null;
        String initFailure = null;
        for (GuestMarkers.Arrived m : markers.markers()) {
            MarkerCode code = m.code();
            if (code == null) {
                continue;
            }
            marks.add(new Mark(switch (code) {
                case INIT_REACHED -> "init";
                case SETUP_DONE -> "setup";
                case WORKLOAD_STARTED -> "workload-start";
                case WORKLOAD_EXITED, WORKLOAD_KILLED -> "workload-end";
                case INIT_FAILED -> "init-failed";
            }, m.nanoTime()));
            if (code == MarkerCode.WORKLOAD_EXITED) {
                exitCode = m.argument();
            } else if (code == MarkerCode.WORKLOAD_KILLED) {
                exitCode = 128 + m.argument();
            } else if (code == MarkerCode.INIT_FAILED) {
                initFailure = "guest-init failed at stage " + m.argument() + ": " + lastLine(cmd.consoleLog());
            }
        }
        marks.sort(Comparator.comparingLong(Mark::monotonicNs));
        String failure = e.failure();
        if (failure == null) {
            failure = initFailure;
        }
        if (failure == null && exitCode == null && !e.timedOut()) {
            failure = "QEMU ended (exit code " + e.exitCode() + ") before the workload ended; last console line: "
                    + lastLine(cmd.consoleLog()) + lastQemuLine(e.stderr());
        }
        if (failure == null && exitCode != null && outputProblem != null) {
            failure = outputProblem;
        }
        VmStats vm = new VmStats(Map.of(), cmd.memoryBytes(), memory == null ? 0 : memory.guestBytes(),
                memory == null ? 0 : memory.overheadBytes(), Map.of());
        return new Execution(exitCode != null ? exitCode : e.exitCode(), e.timedOut(), stdout, stderr, e.spawnNs(), marks,
                e.userNs(), e.systemNs(), vm, failure);
    }

    private static String lastLine(Path console) {
        try {
            List<String> lines = Files.readAllLines(console, java.nio.charset.StandardCharsets.ISO_8859_1);
            for (int i = lines.size() - 1; i >= 0; i--) {
                if (!lines.get(i).isBlank()) {
                    return lines.get(i).strip();
                }
            }
        } catch (IOException ignored) {
            // no console file: QEMU never started
        }
        return "(the console was silent)";
    }

    private static String lastQemuLine(String stderr) {
        String t = stderr.strip();
        return t.isEmpty() ? "" : "; QEMU said: " + t.substring(t.lastIndexOf('\n') + 1);
    }

    private static OutputStream unclosable(OutputStream out) {
        return new FilterOutputStream(out) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                flush();
            }
        };
    }
}
