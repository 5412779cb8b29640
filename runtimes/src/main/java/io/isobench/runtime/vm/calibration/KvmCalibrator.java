package io.isobench.runtime.vm.calibration;

import io.isobench.runtime.vm.boot.RamLayout;
import io.isobench.runtime.vm.devices.BusDevice;
import io.isobench.runtime.vm.kvm.Kvm;
import io.isobench.runtime.vm.kvm.KvmException;
import io.isobench.runtime.vm.vstate.FlatProtectedMode;
import io.isobench.runtime.vm.vstate.StopReason;
import io.isobench.runtime.vm.vstate.VirtualMachine;
import io.isobench.runtime.vm.vstate.VmConfig;
import io.isobench.runtime.vm.vstate.VmResult;

import java.io.OutputStream;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Tells hardware KVM from an emulated one by timing guest kernel code. A throw-away VM with
 * one vCPU runs, at CPL 0 in protected mode, {@value #ROUNDS} rounds of a
 * {@value #ITERATIONS}-iteration {@code dec ecx / jnz} loop, writing to a timing port before
 * and after each round; the host timestamps those exits. The fastest round counts (a host
 * preemption can only make a round slower). Hardware KVM runs the loop at hundreds of
 * millions of iterations per second; PVM, which emulates guest ring 0, managed 0.7-0.9 M/s
 * on the first development machines and 2.9-3.0 M/s on later, faster ones. The slowest real
 * KVM we know is our nested rig (KVM under QEMU/TCG), where a round's two VM exits cost about
 * 0.7 ms and the measured rate was 25-60 M/s (209 M/s on the faster machines). The threshold,
 * {@value #HARDWARE_THRESHOLD} per second, sits near the geometric middle of the fastest
 * emulated and the slowest real KVM seen (3 and 25 M/s): a factor of 2.5-3.5 from each. The run is bounded by {@link #TIMEOUT}, so on a
 * very slow KVM the answer comes quickly too.
 */
public final class KvmCalibrator {
    static final int ITERATIONS = 40_000;
    static final int ROUNDS = 3;
    static final double HARDWARE_THRESHOLD = 10_000_000;
    static final Duration TIMEOUT = Duration.ofMillis(600);
    static final int TIMING_PORT = 0x610;
    static final long CODE_ADDRESS = 0x1000;

    private KvmCalibrator() {
    }

    /** The guest: time, loop, time... then reset through the i8042. */
    static byte[] guestCode() {
        return new byte[] {
            (byte) 0x66, (byte) 0xBA, (byte) TIMING_PORT, (byte) (TIMING_PORT >> 8), // mov dx, TIMING_PORT
            (byte) 0xBB, ROUNDS, 0, 0, 0,                                            // mov ebx, ROUNDS
            (byte) 0xEE,                                                             // outer: out dx, al
            (byte) 0xB9, (byte) ITERATIONS, (byte) (ITERATIONS >> 8), (byte) (ITERATIONS >> 16), 0, // mov ecx, ITERATIONS
            (byte) 0x49,                                                             //   inner: dec ecx
            (byte) 0x75, (byte) 0xFD,                                                //   jnz inner
            (byte) 0x4B,                                                             //   dec ebx
            (byte) 0x75, (byte) 0xF4,                                                // jnz outer
            (byte) 0xEE,                                                             // out dx, al
            (byte) 0xB0, (byte) 0xFE, (byte) 0xE6, 0x64,                             // mov al, 0xFE; out 0x64, al
            (byte) 0xF4,                                                             // hlt
        };
    }

    /** Records the host time of each write to the timing port. */
    private static final class TimingPort implements BusDevice {
        private final List<Long> stamps = new ArrayList<>();

        @Override
        public long read(long offset, int size) {
            return 0;
        }

        @Override
        public synchronized void write(long offset, int size, long value) {
            stamps.add(System.nanoTime());
        }

        synchronized List<Long> stamps() {
            return List.copyOf(stamps);
        }
    }

    public static KvmCalibration calibrate() {
        long start = System.nanoTime();
        if (!Files.exists(Kvm.DEVICE)) {
            return new KvmCalibration(KvmKind.NONE, 0, 0,
                    "no /dev/kvm: enable virtualization or load kvm_intel/kvm_amd; the VM runtime is unavailable");
        }
        TimingPort timing = new TimingPort();
        VmResult result;
        try (VirtualMachine vm = VirtualMachine.create(new VmConfig(1, RamLayout.of(RamLayout.MIN_BYTES),
                OutputStream.nullOutputStream(), OutputStream.nullOutputStream(), null))) {
            vm.pio().claim(TIMING_PORT, 1, "calibration timer", timing);
            byte[] code = guestCode();
            vm.memory().write(CODE_ADDRESS, code, 0, code.length);
            FlatProtectedMode.enter(vm.vcpu(0), CODE_ADDRESS);
            result = vm.run(TIMEOUT);
        } catch (KvmException e) {
            return new KvmCalibration(KvmKind.NONE, 0, millisSince(start),
                    "/dev/kvm cannot run a VM: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new KvmCalibration(KvmKind.NONE, 0, millisSince(start), "calibration interrupted");
        }
        List<Long> stamps = timing.stamps();
        long best = Long.MAX_VALUE;
        for (int i = 1; i < stamps.size(); i++) {
            best = Math.min(best, stamps.get(i) - stamps.get(i - 1));
        }
        long elapsed = millisSince(start);
        if (result.reason() != StopReason.RESET && result.reason() != StopReason.TIMEOUT) {
            return new KvmCalibration(KvmKind.NONE, 0, elapsed,
                    "/dev/kvm cannot run a calibration guest: " + result.reason() + " (" + result.detail() + ")");
        }
        if (best == Long.MAX_VALUE) {
            // Not even one round within the timeout: slower than ITERATIONS per TIMEOUT.
            double bound = ITERATIONS / (TIMEOUT.toNanos() / 1e9);
            return new KvmCalibration(KvmKind.EMULATED, 0, elapsed, String.format(
                    "KVM is emulated: guest kernel code ran slower than %.2f M loop iterations/s "
                            + "(hardware KVM: hundreds of M/s); the VM runtime cannot give meaningful results here",
                    bound / 1e6));
        }
        double rate = ITERATIONS / (best / 1e9);
        if (rate >= HARDWARE_THRESHOLD) {
            return new KvmCalibration(KvmKind.HARDWARE, rate, elapsed, String.format(
                    "hardware KVM: guest kernel code ran %.0f M loop iterations/s", rate / 1e6));
        }
        return new KvmCalibration(KvmKind.EMULATED, rate, elapsed, String.format(
                "KVM is emulated (e.g. PVM without nested virtualization): guest kernel code ran %.2f M loop "
                        + "iterations/s, hardware KVM runs hundreds of M/s; a Linux guest would take hours to boot, "
                        + "so the VM runtime is unavailable here", rate / 1e6));
    }

    private static long millisSince(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }

    /** {@code java ... KvmCalibrator}: prints kind, rate and time (used by the rig test and for diagnosis). */
    public static void main(String[] args) {
        KvmCalibration c = calibrate();
        System.out.printf("kvm-kind %s%nrate %.0f%nelapsed-ms %d%n%s%n", c.kind().label(), c.iterationsPerSecond(),
                c.elapsedMillis(), c.detail());
    }
}
