package io.isobench.runtime.qemu;

import io.isobench.model.VmStats;
import io.isobench.runtime.Availability;
import io.isobench.runtime.Execution;
import io.isobench.runtime.Launch;
import io.isobench.runtime.Mark;
import io.isobench.runtime.Programs;
import io.isobench.runtime.Runtime;
import io.isobench.runtime.RuntimeFailure;
import io.isobench.runtime.Stdio;
import io.isobench.runtime.launch.KeptOutput;
import io.isobench.runtime.launch.LauncherProcess;
import io.isobench.runtime.vm.VmRuntime;
import io.isobench.runtime.vm.calibration.KvmCalibration;
import io.isobench.runtime.vm.console.ReadyLineRestamp;
import io.isobench.runtime.vm.devices.marker.MarkerCode;
import io.isobench.runtime.vm.guest.ConsoleFrames;
import io.isobench.runtime.vm.guest.GuestDevices;
import io.isobench.runtime.vmvariant.MonitorBinary;
import io.isobench.runtime.vmvariant.MonitorTrial;
import io.isobench.runtime.vmvariant.VariantGuest;
import io.isobench.runtime.vmvariant.WorkDir;

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

    private final MonitorBinary monitor;

    public QemuRuntime(Supplier<KvmCalibration> calibration) {
        this.monitor = new MonitorBinary(NAME, BINARY, "Debian package qemu-system-x86", Programs::find, calibration);
    }

    @Override
    public String name() {
        return NAME;
    }

    /** QEMU installed and hardware KVM, judged by the same calibration as the {@code vm} runtime. */
    @Override
    public Availability availability() {
        return monitor.availability();
    }

    /** One sentence: why the net workloads do not run here. */
    static final String NO_NETWORK = "vm:qemu has no link to the run's far end: QEMU would need a tap created in the"
            + " far end's namespace and handed over as a file descriptor, which is not built";

    @Override
    public Availability networkAvailability() {
        return Availability.no(NO_NETWORK);
    }

    @Override
    public Execution execute(Launch launch) throws RuntimeFailure {
        Path binary = monitor.preamble(launch, NO_NETWORK);
        String machine = launch.option(MACHINE_OPTION, "microvm");
        if (!QemuCommand.MACHINES.contains(machine)) {
            throw new RuntimeFailure("the vm:qemu option machine must be one of " + String.join(", ", QemuCommand.MACHINES)
                    + ", not '" + machine + "'.");
        }
        boolean pci = machine.equals("q35");
        VariantGuest guest = VariantGuest.prepare(launch, pci ? List.of() : List.of(MICROVM_REBOOT),
                pci ? GuestDevices.VIRTIO_PCI : GuestDevices.VIRTIO_MMIO);

        return WorkDir.with("QEMU", work -> {
            String consoleOption = launch.option("console", null);
            QemuCommand cmd = new QemuCommand(binary, machine, guest.payload().kernel().image(),
                    guest.payload().initramfs(), guest.payload().cmdline(), guest.vcpus(), guest.memoryBytes(),
                    guest.scratchDisk(), guest.payload().rootDisk(),
                    consoleOption == null ? work.resolve("console.log") : Path.of(consoleOption),
                    work.resolve("com2.sock"), work.resolve("markers.sock"), work.resolve("qemu.pid"));
            return run(launch, cmd, work);
        });
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
                    + lastLine(cmd.consoleLog()) + MonitorTrial.said("QEMU", e.stderr());
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
        return MonitorTrial.lastLine(MonitorTrial.read(console));
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
