package io.isobench.harness.probe;

import io.isobench.model.Capability;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * /dev/kvm and what kind of KVM is behind it. This probe only checks presence and access;
 * telling hardware KVM from an emulated one (PVM, see DESIGN.md) needs a calibration VM and
 * belongs to the VM runtime, which replaces this probe in {@link HostProbe#standard()} with
 * one whose {@link #kind()} says {@code hardware}, {@code emulated} or {@code none}.
 */
public class KvmProbe implements Probe {
    static final Path DEV_KVM = Path.of("/dev/kvm");

    /** The value of {@code host.kvmKind}. */
    public String kind() {
        if (!Files.exists(DEV_KVM)) {
            return "none";
        }
        return Files.isReadable(DEV_KVM) && Files.isWritable(DEV_KVM) ? "present (not classified)" : "present (no access)";
    }

    @Override
    public List<Capability> probe() {
        String kind = kind();
        boolean ok = kind.startsWith("present (not") || kind.equals("hardware");
        String meaning = switch (kind) {
            case "none" -> "no /dev/kvm: the VM runtime is unavailable (enable virtualization or load kvm_intel/kvm_amd)";
            case "present (no access)" -> "/dev/kvm exists but cannot be opened: run as root or join the kvm group";
            default -> "/dev/kvm is usable; whether it is hardware or emulated KVM is decided by the VM runtime's calibration";
        };
        return List.of(new Capability("kvm", ok, kind, meaning));
    }
}
