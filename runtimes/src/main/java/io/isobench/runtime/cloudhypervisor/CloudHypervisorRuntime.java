package io.isobench.runtime.cloudhypervisor;

import io.isobench.runtime.Launch;
import io.isobench.runtime.Programs;
import io.isobench.runtime.RuntimeFailure;
import io.isobench.runtime.vm.VmRuntime;
import io.isobench.runtime.vm.calibration.KvmCalibration;
import io.isobench.runtime.vm.guest.ElfKernel;
import io.isobench.runtime.vmvariant.ConsoleOnlyVariant;
import io.isobench.runtime.vmvariant.MonitorBinary;
import io.isobench.runtime.vmvariant.VariantGuest;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * {@code vm:cloud-hypervisor}: the VM runtime's guest in Cloud Hypervisor (its command line,
 * {@link CloudHypervisorCommand}; the ELF kernel through its PVH entry, checked first), started
 * through isobench's launcher inside the trial's cgroup with the {@code vm} runtime's limits,
 * like {@code vm:qemu}.
 *
 * <p>Not yet a runtime that measures, for two reasons {@link #availability()} names after the
 * binary and KVM checks: Cloud Hypervisor has one serial port (COM1) and nothing at port 0x600,
 * where guest-init reports (its fallback onto the console is not built); and it reboots a guest
 * in its own process at guest-init's final reboot instead of ending (QEMU has {@code -no-reboot},
 * Firecracker ends), so ending it there from its {@code --event-monitor} is not built either.
 */
public final class CloudHypervisorRuntime extends ConsoleOnlyVariant {
    public static final String NAME = VmRuntime.NAME + ":cloud-hypervisor";
    static final String BINARY = "cloud-hypervisor";
    static final String WHERE_FROM = "not packaged in Debian 12: a release binary of"
            + " github.com/cloud-hypervisor/cloud-hypervisor, on PATH";
    static final String NO_CHANNELS = "Cloud Hypervisor has one serial port (COM1) and nothing at port 0x600, and guest-init"
            + " reports the workload's output on COM2 and its markers on port 0x600; guest-init's fallback onto the console,"
            + " and ending Cloud Hypervisor at the guest's reboot (it reboots in-process), are not built (docs/runtimes.md)";

    public CloudHypervisorRuntime(Supplier<KvmCalibration> calibration) {
        this(calibration, Programs::find);
    }

    /** @param find how programs are found (a test puts a fake cloud-hypervisor first) */
    public CloudHypervisorRuntime(Supplier<KvmCalibration> calibration, Function<String, Path> find) {
        super(new MonitorBinary(NAME, BINARY, WHERE_FROM, find, calibration), "Cloud Hypervisor", NO_CHANNELS);
    }

    @Override
    protected List<String> argv(Path binary, Path elfKernel, VariantGuest guest, Path work, Launch launch)
            throws RuntimeFailure {
        if (!ElfKernel.hasPvhEntry(elfKernel)) {
            throw new RuntimeFailure("the guest kernel " + guest.payload().kernel().image() + " has no PVH entry point"
                    + " (CONFIG_PVH): Cloud Hypervisor boots a vmlinux only through it.");
        }
        return new CloudHypervisorCommand(binary, elfKernel, guest.payload().initramfs(), guest.payload().cmdline(),
                guest.vcpus(), guest.memoryMib(), guest.scratchDisk(), guest.payload().rootDisk(), console(work, launch)).argv();
    }

    @Override
    protected Path console(Path work, Launch launch) {
        String option = launch.option("console", null);
        return option == null ? work.resolve("console.log") : Path.of(option);
    }
}
