package io.isobench.runtime.vmvariant;

import io.isobench.runtime.Availability;
import io.isobench.runtime.Execution;
import io.isobench.runtime.Launch;
import io.isobench.runtime.Runtime;
import io.isobench.runtime.RuntimeFailure;
import io.isobench.runtime.vm.guest.ElfKernel;
import io.isobench.runtime.vm.guest.GuestDevices;

import java.nio.file.Path;
import java.util.List;

/**
 * A VM variant whose monitor boots an ELF vmlinux and gives the guest only COM1
 * ({@code vm:firecracker}, {@code vm:cloud-hypervisor}): the trial's shape every such variant
 * shares — the availability (binary, KVM, then what is not built: {@link #notBuilt}), the
 * guest ({@link VariantGuest} with the ELF kernel unpacked from the bzImage), a work directory,
 * the monitor through the launcher in the trial's cgroup ({@link MonitorTrial}). A subclass
 * says only how its monitor is told about that guest ({@link #argv}).
 */
public abstract class ConsoleOnlyVariant implements Runtime {
    private final String name;
    private final MonitorBinary monitor;
    private final String displayName;
    private final String notBuilt;
    private final String noNetwork;

    /**
     * @param displayName the monitor in sentences ("Firecracker")
     * @param notBuilt    why a real trial cannot run yet, one sentence
     */
    protected ConsoleOnlyVariant(MonitorBinary monitor, String displayName, String notBuilt) {
        this.name = monitor.variant();
        this.monitor = monitor;
        this.displayName = displayName;
        this.notBuilt = notBuilt;
        this.noNetwork = name + " has no link to the run's far end (a tap in the far end's namespace is not built)";
    }

    /** The monitor's arguments after its path; the console goes to {@code console}, or null for the monitor's stdout. */
    protected abstract List<String> argv(Path binary, Path elfKernel, VariantGuest guest, Path work, Launch launch)
            throws RuntimeFailure;

    /** Where the console goes in {@code work}: null when it is the monitor's standard output. */
    protected abstract Path console(Path work, Launch launch);

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final Availability availability() {
        Availability a = monitor.availability();
        return a.available() ? Availability.no(notBuilt) : a;
    }

    @Override
    public final Availability networkAvailability() {
        return Availability.no(noNetwork);
    }

    @Override
    public final Execution execute(Launch launch) throws RuntimeFailure {
        Path binary = monitor.preamble(launch, noNetwork);
        if (!Boolean.parseBoolean(launch.option("allow-emulated-kvm", "false"))) {
            throw new RuntimeFailure(name + " is unavailable: " + notBuilt);
        }
        VariantGuest guest = VariantGuest.prepare(launch, List.of(), GuestDevices.VIRTIO_MMIO);
        Path kernel = ElfKernel.of(guest.payload().kernel().image());
        return WorkDir.with(displayName, work -> MonitorTrial.run(launch, argv(binary, kernel, guest, work, launch), work,
                displayName, console(work, launch), guest.memoryBytes()));
    }
}
