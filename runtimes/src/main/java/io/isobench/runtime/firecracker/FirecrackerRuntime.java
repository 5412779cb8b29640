package io.isobench.runtime.firecracker;

import com.fasterxml.jackson.databind.ObjectMapper;
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
 * {@code vm:firecracker}: the VM runtime's guest in Firecracker ({@code --no-api --config-file},
 * {@link FirecrackerConfig}), started through isobench's launcher inside the trial's cgroup with
 * the {@code vm} runtime's limits, like {@code vm:qemu}.
 *
 * <p>Not yet a runtime that measures: Firecracker emulates one serial port (COM1) and nothing at
 * port 0x600, while guest-init sends the workload's framed output on COM2 and its markers to port
 * 0x600; its fallback onto the console is not built. So {@link #availability()} says so after the
 * binary and KVM checks, and a trial (only with the test option {@code allow-emulated-kvm}) ends
 * as a failure naming that, with the console's last line.
 */
public final class FirecrackerRuntime implements Runtime {
    public static final String NAME = VmRuntime.NAME + ":firecracker";
    static final String BINARY = "firecracker";
    static final String WHERE_FROM = "not packaged in Debian 12: a release binary of"
            + " github.com/firecracker-microvm/firecracker (1.8 or later: the guest kernel needs its ACPI device tables), on PATH";
    static final String NO_CHANNELS = "Firecracker has one serial port (COM1) and nothing at port 0x600, and guest-init"
            + " reports the workload's output on COM2 and its markers on port 0x600; guest-init's fallback onto the console"
            + " is not built (docs/runtimes.md)";
    static final String NO_NETWORK = "vm:firecracker has no link to the run's far end (a tap in the far end's namespace is not built)";

    private final MonitorBinary monitor;

    public FirecrackerRuntime(Supplier<KvmCalibration> calibration) {
        this(calibration, Programs::find);
    }

    /** @param find how programs are found (a test puts a fake firecracker first) */
    public FirecrackerRuntime(Supplier<KvmCalibration> calibration, Function<String, Path> find) {
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
        FirecrackerConfig config = new FirecrackerConfig(kernel, guest.payload().initramfs(), guest.payload().cmdline(),
                guest.vcpus(), guest.memoryMib(), guest.scratchDisk(), guest.payload().rootDisk());
        Path work;
        try {
            work = OwnedTempDirs.create("isobench-vm-");
        } catch (IOException e) {
            throw new RuntimeFailure("cannot create a temporary directory for Firecracker: " + e.getMessage(), e);
        }
        try {
            Path file = work.resolve("firecracker.json");
            try {
                new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(file.toFile(), config.json());
            } catch (IOException e) {
                throw new RuntimeFailure("cannot write Firecracker's configuration: " + e.getMessage(), e);
            }
            return MonitorTrial.run(launch, FirecrackerConfig.argv(binary, file), work, "Firecracker", null,
                    guest.memoryBytes());
        } finally {
            FileTrees.deleteQuietly(work);
        }
    }
}
