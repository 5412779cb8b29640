package io.isobench.harness.probe;

import io.isobench.model.Capability;
import io.isobench.runtime.vm.calibration.KvmCalibration;
import io.isobench.runtime.vm.calibration.KvmKind;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;

/**
 * /dev/kvm and what kind of KVM is behind it: {@code hardware}, {@code emulated} (PVM: guest
 * kernel code emulated thousands of times slower, see DESIGN.md) or {@code none}, decided by
 * the VM runtime's calibration (a timed ring-0 loop in a throw-away VM, under a second).
 * The calibration comes from a supplier shared with the VM runtime (see
 * {@code RuntimeRegistry.kvmCalibration()}), so it runs once per command.
 */
public class KvmProbe implements Probe {
    static final Path DEV_KVM = Path.of("/dev/kvm");
    static final String NO_ACCESS = "present (no access)";

    private final Supplier<KvmCalibration> calibration;

    /** @param calibration the host's KVM calibration; the supplier caches it */
    public KvmProbe(Supplier<KvmCalibration> calibration) {
        this.calibration = calibration;
    }

    /** The value of {@code host.kvmKind}: hardware, emulated, none, or present (no access). */
    public String kind() {
        if (Files.exists(DEV_KVM) && !(Files.isReadable(DEV_KVM) && Files.isWritable(DEV_KVM))) {
            return NO_ACCESS;
        }
        return calibration().kind().label();
    }

    /** The calibration behind {@link #kind()}. */
    public KvmCalibration calibration() {
        return calibration.get();
    }

    @Override
    public List<Capability> probe() {
        String kind = kind();
        if (kind.equals(NO_ACCESS)) {
            return List.of(new Capability("kvm", false, kind,
                    "/dev/kvm exists but cannot be opened: run as root or join the kvm group"));
        }
        KvmCalibration c = calibration();
        return List.of(new Capability("kvm", c.kind() == KvmKind.HARDWARE, kind, c.detail()));
    }
}
