package io.isobench.runtime.firecracker;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.isobench.runtime.Launch;
import io.isobench.runtime.Programs;
import io.isobench.runtime.RuntimeFailure;
import io.isobench.runtime.vm.VmRuntime;
import io.isobench.runtime.vm.calibration.KvmCalibration;
import io.isobench.runtime.vmvariant.ConsoleOnlyVariant;
import io.isobench.runtime.vmvariant.MonitorBinary;
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
 * as a failure naming that, with the console's last line (Firecracker's standard output).
 */
public final class FirecrackerRuntime extends ConsoleOnlyVariant {
    public static final String NAME = VmRuntime.NAME + ":firecracker";
    static final String BINARY = "firecracker";
    static final String WHERE_FROM = "not packaged in Debian 12: a release binary of"
            + " github.com/firecracker-microvm/firecracker (1.8 or later: the guest kernel needs its ACPI device tables), on PATH";
    static final String NO_CHANNELS = "Firecracker has one serial port (COM1) and nothing at port 0x600, and guest-init"
            + " reports the workload's output on COM2 and its markers on port 0x600; guest-init's fallback onto the console"
            + " is not built (docs/runtimes.md)";

    public FirecrackerRuntime(Supplier<KvmCalibration> calibration) {
        this(calibration, Programs::find);
    }

    /** @param find how programs are found (a test puts a fake firecracker first) */
    public FirecrackerRuntime(Supplier<KvmCalibration> calibration, Function<String, Path> find) {
        super(new MonitorBinary(NAME, BINARY, WHERE_FROM, find, calibration), "Firecracker", NO_CHANNELS);
    }

    @Override
    protected List<String> argv(Path binary, Path elfKernel, VariantGuest guest, Path work, Launch launch)
            throws RuntimeFailure {
        FirecrackerConfig config = new FirecrackerConfig(elfKernel, guest.payload().initramfs(), guest.payload().cmdline(),
                guest.vcpus(), guest.memoryMib(), guest.scratchDisk(), guest.payload().rootDisk());
        Path file = work.resolve("firecracker.json");
        try {
            new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(file.toFile(), config.json());
        } catch (IOException e) {
            throw new RuntimeFailure("cannot write Firecracker's configuration: " + e.getMessage(), e);
        }
        return FirecrackerConfig.argv(binary, file);
    }

    @Override
    protected Path console(Path work, Launch launch) {
        return null;
    }
}
