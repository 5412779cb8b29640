package io.isobench.runtime.vmvariant;

import io.isobench.runtime.Availability;
import io.isobench.runtime.Launch;
import io.isobench.runtime.RuntimeFailure;
import io.isobench.runtime.vm.calibration.KvmCalibration;
import io.isobench.runtime.vm.calibration.KvmKind;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A VM variant's monitor program and the host it needs: the binary on PATH (else one sentence
 * saying where it comes from) and hardware KVM, judged by the {@code vm} runtime's own
 * calibration (so a host with emulated KVM, PVM, is refused at once with the same sentence and
 * never hangs), with the command that measures the variant in the nested rig instead.
 *
 * @param variant     the runtime's name, e.g. {@code vm:firecracker}
 * @param binary      the program's name, e.g. {@code firecracker}
 * @param whereFrom   how to get it, e.g. {@code Debian package qemu-system-x86}
 * @param find        how a program is found (PATH in use; a test puts a fake first)
 */
public record MonitorBinary(String variant, String binary, String whereFrom, Function<String, Path> find,
                            Supplier<KvmCalibration> calibration) {

    /** The program's path, or null. */
    public Path path() {
        return find.apply(binary);
    }

    /** The binary first (cheap), then KVM (a calibration, measured once per command). */
    public Availability availability() {
        if (path() == null) {
            return Availability.no(binary + " is not installed (" + whereFrom + ")");
        }
        KvmCalibration c = calibration.get();
        if (c.kind() != KvmKind.HARDWARE) {
            return Availability.no(c.kind() == KvmKind.EMULATED ? c.detail() + rigHint() : c.detail());
        }
        return Availability.yes();
    }

    /** What to do on a host whose KVM is emulated: the same as for the vm runtime, in the nested rig. */
    public String rigHint() {
        return "; to measure " + variant + " on this host, run it inside the nested KVM rig (docs/kvm-rig.md),"
                + " from the isobench checkout: mkdir -p results && RIG_WRITABLE=results scripts/kvm-rig ./isobench run"
                + " --runtimes vm," + variant + " --quick --out results/rig-vm";
    }

    /**
     * The checks every variant's trial starts with: available here (unless the test option
     * {@code allow-emulated-kvm} says to go on), a root directory, no network (refused with
     * {@code noNetwork}); returns the binary's path.
     */
    public Path preamble(Launch launch, String noNetwork) throws RuntimeFailure {
        if (!Boolean.parseBoolean(launch.option("allow-emulated-kvm", "false"))) {
            Availability a = availability();
            if (!a.available()) {
                throw new RuntimeFailure(variant + " is unavailable: " + a.reason());
            }
        }
        if (!Files.isDirectory(launch.rootfs())) {
            throw new RuntimeFailure("the root filesystem " + launch.rootfs() + " is not a directory");
        }
        if (launch.network() != null) {
            throw new RuntimeFailure(noNetwork);
        }
        Path p = path();
        if (p == null) {
            throw new RuntimeFailure(binary + " is not installed (" + whereFrom + ")");
        }
        return p;
    }
}
