package io.isobench.runtime.cloudhypervisor;

import io.isobench.runtime.Availability;
import io.isobench.runtime.Execution;
import io.isobench.runtime.FileTrees;
import io.isobench.runtime.Launch;
import io.isobench.runtime.OwnedTempDirs;
import io.isobench.runtime.Programs;
import io.isobench.runtime.Runtime;
import io.isobench.runtime.RuntimeFailure;
import io.isobench.runtime.vm.VmRuntime;
import io.isobench.runtime.vm.calibration.KvmCalibration;
import io.isobench.runtime.vm.guest.ElfKernel;
import io.isobench.runtime.vm.guest.GuestDevices;
import io.isobench.runtime.vmvariant.MonitorBinary;
import io.isobench.runtime.vmvariant.MonitorTrial;
import io.isobench.runtime.vmvariant.VariantGuest;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * {@code vm:cloud-hypervisor}: the VM runtime's guest in Cloud Hypervisor (its command line,
 * {@link CloudHypervisorCommand}), started through isobench's launcher inside the trial's cgroup
 * with the {@code vm} runtime's limits, like {@code vm:qemu}.
 *
 * <p>Not yet a runtime that measures, for two reasons {@link #availability()} names after the
 * binary and KVM checks: Cloud Hypervisor has one serial port (COM1) and nothing at port 0x600,
 * where guest-init reports (its fallback onto the console is not built); and it reboots a guest
 * in its own process at guest-init's final reboot instead of ending (QEMU has {@code -no-reboot},
 * Firecracker ends), so ending it there from its {@code --event-monitor} is not built either.
 */
public final class CloudHypervisorRuntime implements Runtime {
    public static final String NAME = VmRuntime.NAME + ":cloud-hypervisor";
    static final String BINARY = "cloud-hypervisor";
    static final String WHERE_FROM = "not packaged in Debian 12: a release binary of"
            + " github.com/cloud-hypervisor/cloud-hypervisor, on PATH";
    static final String NO_CHANNELS = "Cloud Hypervisor has one serial port (COM1) and nothing at port 0x600, and guest-init"
            + " reports the workload's output on COM2 and its markers on port 0x600; guest-init's fallback onto the console,"
            + " and ending Cloud Hypervisor at the guest's reboot (it reboots in-process), are not built (docs/runtimes.md)";
    static final String NO_NETWORK = "vm:cloud-hypervisor has no link to the run's far end (a tap in the far end's namespace"
            + " is not built)";

    private final MonitorBinary monitor;

    public CloudHypervisorRuntime(Supplier<KvmCalibration> calibration) {
        this(calibration, Programs::find);
    }

    /** @param find how programs are found (a test puts a fake cloud-hypervisor first) */
    public CloudHypervisorRuntime(Supplier<KvmCalibration> calibration, Function<String, Path> find) {
        this.monitor = new MonitorBinary(NAME, BINARY, WHERE_FROM, find, calibration);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Availability availability() {
        Availability a = monitor.availability();
        return a.available() ? Availability.no(NO_CHANNELS) : a;
    }

    @Override
    public Availability networkAvailability() {
        return Availability.no(NO_NETWORK);
    }

    @Override
    public Execution execute(Launch launch) throws RuntimeFailure {
        Path binary = monitor.preamble(launch, NO_NETWORK);
        if (!Boolean.parseBoolean(launch.option("allow-emulated-kvm", "false"))) {
            throw new RuntimeFailure(NAME + " is unavailable: " + NO_CHANNELS);
        }
        VariantGuest guest = VariantGuest.prepare(launch, List.of(), GuestDevices.VIRTIO_MMIO);
        Path kernel = ElfKernel.of(guest.payload().kernel().image());
        if (!ElfKernel.hasPvhEntry(kernel)) {
            throw new RuntimeFailure("the guest kernel " + guest.payload().kernel().image() + " has no PVH entry point"
                    + " (CONFIG_PVH): Cloud Hypervisor boots a vmlinux only through it.");
        }
        Path work;
        try {
            work = OwnedTempDirs.create("isobench-vm-");
        } catch (IOException e) {
            throw new RuntimeFailure("cannot create a temporary directory for Cloud Hypervisor: " + e.getMessage(), e);
        }
        try {
            String consoleOption = launch.option("console", null);
            Path console = consoleOption == null ? work.resolve("console.log") : Path.of(consoleOption);
            CloudHypervisorCommand cmd = new CloudHypervisorCommand(binary, kernel, guest.payload().initramfs(),
                    guest.payload().cmdline(), guest.vcpus(), guest.memoryMib(), guest.scratchDisk(),
                    guest.payload().rootDisk(), console);
            return MonitorTrial.run(launch, cmd.argv(), work, "Cloud Hypervisor", console, guest.memoryBytes());
        } finally {
            FileTrees.deleteQuietly(work);
        }
    }
}
