package io.isobench.runtime.vm.process;

import io.isobench.runtime.vm.acpi.AcpiConfig;
import io.isobench.runtime.vm.acpi.AcpiTables;
import io.isobench.runtime.vm.acpi.VirtioMmioDevice;
import io.isobench.runtime.vm.boot.GuestBoot;
import io.isobench.runtime.vm.boot.BootFile;
import io.isobench.runtime.vm.boot.KernelFormatException;
import io.isobench.runtime.vm.boot.KernelImage;
import io.isobench.runtime.vm.boot.RamLayout;
import io.isobench.runtime.vm.console.ReadyLineRestamp;
import io.isobench.runtime.vm.devices.marker.Marker;
import io.isobench.runtime.vm.devices.marker.MarkerCode;
import io.isobench.runtime.vm.devices.virtio.block.BlockBackend;
import io.isobench.runtime.vm.devices.virtio.block.BlockDevice;
import io.isobench.runtime.vm.devices.virtio.net.NetDevice;
import io.isobench.runtime.vm.devices.virtio.net.TapBackend;
import io.isobench.runtime.net.NetAttachment;
import io.isobench.runtime.vm.guest.ConsoleFrames;
import io.isobench.runtime.vm.guest.KernelSymbols;
import io.isobench.runtime.vm.kvm.KvmException;
import io.isobench.runtime.vm.memory.GuestMemoryMap;
import io.isobench.runtime.vm.vstate.BootVcpus;
import io.isobench.runtime.vm.vstate.VirtioMmioSlot;
import io.isobench.runtime.vm.vstate.VcpuSnapshot;
import io.isobench.runtime.vm.vstate.VirtualMachine;
import io.isobench.runtime.vm.vstate.VmConfig;
import io.isobench.runtime.vm.vstate.VmResult;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;

/**
 * The VMM process: boots one VM, runs it to its end, exits. The VM runtime starts it through
 * the launcher inside the trial's cgroup, so the cgroup measures the monitor and the guest
 * together, as it measures a container's processes.
 *
 * <p>stdout and stderr of this process are the workload's (demultiplexed from COM2), the
 * exit code is the workload's; everything about the VM itself goes into the report file
 * ({@link VmmReport}). When the VM fails before the workload ended the exit code is
 * {@link #VM_FAILED} and the report says why.
 */
public final class VmmMain {
    /** Exit code when the VM itself failed (the launcher uses 125 for the same meaning). */
    public static final int VM_FAILED = 125;
    /** Where the virtio-blk scratch disk's window sits, inside the MMIO hole, and its GSI. */
    public static final VirtioMmioDevice DISK_WINDOW = new VirtioMmioDevice(0xD000_0000L, 5);
    /** Where the virtio-net device's window sits (the page after the disk's) and its GSI. */
    public static final VirtioMmioDevice NET_WINDOW = new VirtioMmioDevice(0xD000_1000L, 6);
    /**
     * The read-only root disk's window and GSI: after the scratch disk's in the DSDT, so the guest
     * probes it second (GuestPayload.rootDevice names it accordingly).
     */
    public static final VirtioMmioDevice ROOT_DISK_WINDOW = new VirtioMmioDevice(0xD000_2000L, 7);
    /** Appended to the link name stem for the tap's name in the far end (stem <= 12 + 2 < IFNAMSIZ). */
    static final String TAP_SUFFIX = "-t";
    private static final int CONSOLE_TAIL_LINES = 30;

    private VmmMain() {
    }

    public static void main(String[] args) {
        System.exit(run(List.of(args), VmmMain::endNow));
    }

    /**
     * Once the VM ran and its report is written, the monitor ends at once: the harness has all it
     * reads (the report, the console log, the workload's output, already delivered), and what the
     * orderly way would still do is what the kernel does at exit anyway: close the vCPUs, the VM,
     * the tap (which removes it) and the disks' files, unmap guest RAM. The JVM's own shutdown
     * (no hooks of ours) is skipped with it. Measured in the rig: docs/vm-monitor.md, "The
     * monitor's own start and end".
     */
    private static void endNow(int exitCode) {
        System.out.flush();
        System.err.flush();
        Runtime.getRuntime().halt(exitCode);
    }

    static int run(List<String> argv) {
        return run(argv, code -> { });
    }

    /**
     * @param whenWritten called with the exit code once the report of a VM that ran is written,
     *                before the VM and its devices are closed ({@link #main}: the process ends there)
     */
    static int run(List<String> argv, java.util.function.IntConsumer whenWritten) {
        long start = System.nanoTime();
        VmmArgs args;
        try {
            args = VmmArgs.parse(argv);
        } catch (IllegalArgumentException e) {
            System.err.println("isobench-vmm: " + e.getMessage());
            return 2;
        }
        List<VmmReport.NamedInstant> marks = new ArrayList<>();
        marks.add(new VmmReport.NamedInstant("vmm-start", start));
        VmmReport report;
        int[] written = {-1};  // the exit code once boot wrote the report itself
        try {
            report = boot(args, marks, code -> {
                written[0] = code;
                whenWritten.accept(code);
            });
        } catch (KernelFormatException | IOException | KvmException | IllegalArgumentException e) {
            report = new VmmReport(marks, null, e.getMessage(), "not-started", Map.of(), args.memoryBytes(), 0, 0,
                    List.of(), Map.of());
        } catch (InterruptedException e) {
            report = new VmmReport(marks, null, "interrupted", "stopped", Map.of(), args.memoryBytes(), 0, 0,
                    List.of(), Map.of());
        } catch (RuntimeException e) {
            // A bug or a vCPU thread that never left KVM_RUN: still one sentence in the report, never a stack trace.
            report = new VmmReport(marks, null, "the monitor failed: " + e.getMessage(), "error", Map.of(),
                    args.memoryBytes(), 0, 0, List.of(), Map.of());
        }
        return written[0] >= 0 ? written[0] : write(args, report);
    }

    /** Writes the report; the monitor's exit code. */
    private static int write(VmmArgs args, VmmReport report) {
        try {
            report.write(args.report());
        } catch (IOException e) {
            System.err.println("isobench-vmm: cannot write the report " + args.report() + ": " + e.getMessage());
            return VM_FAILED;
        }
        return exitCode(report);
    }

    private static int exitCode(VmmReport report) {
        return report.failure() == null && report.exitCode() != null ? report.exitCode() : VM_FAILED;
    }

    private static VmmReport boot(VmmArgs args, List<VmmReport.NamedInstant> marks, java.util.function.IntConsumer written)
            throws IOException, KernelFormatException, InterruptedException {
        // Both are copied into guest memory from their files, never held whole in the heap (BootFile).
        KernelImage kernel = KernelImage.parse(BootFile.of(args.kernel()));
        BootFile initrd = BootFile.of(args.initrd());
        RamLayout ram = RamLayout.of(args.memoryBytes());
        // Unbuffered: the workload's bytes leave in the order and at the time they arrive.
        OutputStream stdout = new ReadyLineRestamp(new FileOutputStream(FileDescriptor.out), System::nanoTime);
        WorkloadChannel output = new WorkloadChannel(new ConsoleFrames(stdout, new FileOutputStream(FileDescriptor.err)));
        try (ConsoleTail console = new ConsoleTail(new BufferedOutputStream(Files.newOutputStream(args.console())),
                CONSOLE_TAIL_LINES);
             VirtualMachine vm = VirtualMachine.create(new VmConfig(args.vcpus(), ram, console, output, null))) {
            if (args.mergeable()) {
                vm.memory().markMergeable();
            }
            // Before any guest page is touched: density splits this process's memory with it.
            vm.memory().map(ProcessHandle.current().pid()).write(args.report().resolveSibling(GuestMemoryMap.FILE));
            List<VirtioMmioDevice> windows = new ArrayList<>();
            if (args.disk() != null) {
                windows.add(DISK_WINDOW);
            }
            if (args.network() != null) {
                windows.add(NET_WINDOW);
            }
            if (args.rootDisk() != null) {
                windows.add(ROOT_DISK_WINDOW);
            }
            GuestBoot.Placed placed = GuestBoot.prepare(vm.memory(), ram, new GuestBoot.Request(kernel, initrd,
                    args.commandLine(), AcpiTables.build(new AcpiConfig(args.vcpus(), windows, true, true))));
            marks.add(new VmmReport.NamedInstant("guest-loaded", System.nanoTime()));
            BootVcpus.apply(vm, placed.state());
            NetAttachment link = args.network();
            // Closed in reverse order: the device threads (they touch guest memory) before the tap
            // they read, everything before the VM.
            try (BlockBackend backend = args.disk() == null ? null
                    : BlockBackend.open(args.disk(), false, args.diskDirect());
                 // Read-only twice over: the file is opened for reading only, and the device offers
                 // VIRTIO_BLK_F_RO and fails every write request (the guest mounts it read-only anyway).
                 BlockBackend rootBackend = args.rootDisk() == null ? null : BlockBackend.open(args.rootDisk(), true, false);
                 TapBackend tap = link == null ? null
                    : TapBackend.create(link.farEnd(), link.linkName() + TAP_SUFFIX, link.farAddress(), link.prefixLength(),
                            args.netOffloads())) {
                BlockDevice disk = backend == null ? null : new BlockDevice(backend, "isobench-scratch");
                BlockDevice root = rootBackend == null ? null : new BlockDevice(rootBackend, "isobench-root");
                NetDevice net = tap == null ? null : new NetDevice(tap, NetDevice.macFor(link.instanceAddress()));
                try (VirtioMmioSlot slot = disk == null ? null : VirtioMmioSlot.attach(vm, disk, DISK_WINDOW, "virtio-blk");
                     VirtioMmioSlot netSlot = net == null ? null : VirtioMmioSlot.attach(vm, net, NET_WINDOW, "virtio-net");
                     VirtioMmioSlot rootSlot = root == null ? null
                             : VirtioMmioSlot.attach(vm, root, ROOT_DISK_WINDOW, "virtio-blk (root)");
                     NetDevice netDevice = net) {
                    if (netDevice != null) {
                        netDevice.start();
                    }
                    marks.add(new VmmReport.NamedInstant("vm-created", System.nanoTime()));
                    VmResult result = vm.run(args.remaining());
                    long rss = residentBytes();
                    VmmReport report = report(args, marks, result, rss, console.tail(), outputProblem(result, output),
                            disk == null ? Map.of() : disk.counters().snapshot(),
                            root == null ? Map.of() : root.counters().snapshot(),
                            net == null ? Map.of() : net.counters().snapshot(net.offloadsInEffect()));
                    // The console log and the report are complete before anything is closed (see endNow).
                    console.flush();
                    marks.add(new VmmReport.NamedInstant("report", System.nanoTime()));
                    written.accept(write(args, report));
                    return report;
                }
            }
        }
    }

    /**
     * What went wrong with the workload's output, or null. When the host stopped reading, the
     * channel's draining thread is still blocked inside it (holding its lock), so it is not touched.
     */
    static String outputProblem(VmResult r, WorkloadChannel output) {
        long undelivered = r.serialCount("COM2.undelivered");
        long dropped = r.serialCount("COM2.dropped");
        if (undelivered > 0) {
            return "the host stopped reading the workload's output: " + undelivered + " bytes were never delivered"
                    + (dropped > 0 ? " and " + dropped + " the guest wrote to the full transmitter were dropped" : "");
        }
        output.finish();
        if (dropped > 0) {
            return "the guest wrote " + dropped + " bytes of the workload's output to a full transmitter (ignoring "
                    + "its flow control); they were dropped" + (output.problem() == null ? "" : ": " + output.problem());
        }
        return output.problem();
    }

    static VmmReport report(VmmArgs args, List<VmmReport.NamedInstant> marks, VmResult r, long rss,
                            List<String> consoleTail, String outputProblem, Map<String, Long> disk,
                            Map<String, Long> rootDisk, Map<String, Long> net) {
        marks.add(new VmmReport.NamedInstant("kernel-entry", r.startNanos()));
        Integer exitCode = null;
        String initFailure = null;
        for (Marker m : r.markers()) {
            String name = switch (m.code()) {
                case INIT_REACHED -> "init";
                case SETUP_DONE -> "setup";
                case WORKLOAD_STARTED -> "workload-start";
                case WORKLOAD_EXITED, WORKLOAD_KILLED -> "workload-end";
                case INIT_FAILED -> "init-failed";
            };
            marks.add(new VmmReport.NamedInstant(name, m.nanoTime()));
            if (m.code() == MarkerCode.WORKLOAD_EXITED) {
                exitCode = m.argument();
            } else if (m.code() == MarkerCode.WORKLOAD_KILLED) {
                exitCode = 128 + m.argument();
            } else if (m.code() == MarkerCode.INIT_FAILED) {
                initFailure = "guest-init failed at stage " + m.argument() + ": " + lastLine(consoleTail);
            }
        }
        marks.add(new VmmReport.NamedInstant("vm-stopped", r.stopNanos()));
        String failure = initFailure;
        if (failure == null && exitCode == null) {
            failure = switch (r.reason()) {
                case TIMEOUT -> "the VM did not finish in time; last console line: " + lastLine(consoleTail)
                        + whereTheVcpusWere(args, r);
                case RESET, PANIC -> "the guest stopped before the workload ended (kernel panic?): "
                        + lastLine(consoleTail);
                default -> "the VM stopped (" + r.reason() + ": " + r.detail() + ") before the workload ended; "
                        + "last console line: " + lastLine(consoleTail) + whereTheVcpusWere(args, r);
            };
        } else if (failure == null && outputProblem != null) {
            failure = outputProblem;
        }
        return new VmmReport(marks, exitCode, failure, r.reason().label(), r.exits(), r.guestMemoryBytes(),
                r.touchedBytes(), rss, consoleTail, disk, net, r.serial(), rootDisk);
    }

    /**
     * {@code ; vCPU 0 halted at ...}: a guest that hangs silently is then halted waiting for an
     * interrupt or spinning somewhere. Functions are named from the kernel's System.map when the
     * guest ran without KASLR (else the map's addresses are not the guest's).
     */
    private static String whereTheVcpusWere(VmmArgs args, VmResult r) {
        if (r.vcpus().isEmpty()) {
            return "";
        }
        boolean noKaslr = List.of(args.commandLine().split(" ")).contains("nokaslr");
        LongFunction<String> names = noKaslr
                ? KernelSymbols.beside(args.kernel()).<LongFunction<String>>map(s -> s::name).orElse(a -> null)
                : a -> null;
        StringBuilder b = new StringBuilder();
        for (VcpuSnapshot v : r.vcpus()) {
            b.append("; ").append(v.describe(names));
        }
        return b.toString();
    }

    private static String lastLine(List<String> tail) {
        for (int i = tail.size() - 1; i >= 0; i--) {
            if (!tail.get(i).isBlank()) {
                return tail.get(i).strip();
            }
        }
        return "(the console was silent)";
    }

    /** VmRSS of this process, from /proc/self/status; 0 when unreadable. */
    static long residentBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"), StandardCharsets.US_ASCII)) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
        return 0;
    }
}
