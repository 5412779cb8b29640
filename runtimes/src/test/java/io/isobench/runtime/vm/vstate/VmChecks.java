package io.isobench.runtime.vm.vstate;

import io.isobench.runtime.vm.boot.RamLayout;
import io.isobench.runtime.vm.calibration.KvmCalibration;
import io.isobench.runtime.vm.calibration.KvmCalibrator;
import io.isobench.runtime.vm.calibration.KvmKind;
import io.isobench.runtime.vm.devices.BusDevice;
import io.isobench.runtime.vm.devices.marker.Marker;
import io.isobench.runtime.vm.devices.marker.MarkerCode;
import io.isobench.runtime.vm.kvm.Sregs;
import io.isobench.runtime.vm.kvm.VcpuFd;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The monitor's checks with real KVM, each a tiny hand-assembled guest in flat 32-bit
 * protected mode. They run in-process (VirtualMachineTest, on whatever /dev/kvm this host
 * has: even PVM runs such guests) and, through {@link #main}, inside the nested rig where
 * KVM is hardware (KvmRigTest). Each check throws AssertionError with a sentence.
 */
public final class VmChecks {
    static final long CODE = 0x1000;
    static final long DATA = 0x3000;
    static final long MMIO_DEVICE = 0xD000_0000L;
    /**
     * The rig's flood per UART and storm limit: every access is one VM exit, slow under the rig's
     * emulation; sized for the test command's budget (docs/vm-monitor.md).
     */
    static final int RIG_FLOOD_KIB = 16;
    static final long RIG_STORM_LIMIT = 10_000;

    private VmChecks() {
    }

    /** A VM with its captured COM1/COM2 output. */
    record Run(VmResult result, String com1, String com2) {
    }

    static Run run(int vcpus, byte[] code, Duration timeout, VmSetup setup) throws Exception {
        ByteArrayOutputStream com1 = new ByteArrayOutputStream();
        ByteArrayOutputStream com2 = new ByteArrayOutputStream();
        try (VirtualMachine vm = VirtualMachine.create(new VmConfig(vcpus, RamLayout.of(RamLayout.MIN_BYTES), com1, com2, null))) {
            vm.memory().write(CODE, code, 0, code.length);
            FlatProtectedMode.enter(vm.vcpu(0), CODE);
            setup.accept(vm);
            VmResult r = vm.run(timeout);
            return new Run(r, com1.toString(StandardCharsets.ISO_8859_1), com2.toString(StandardCharsets.ISO_8859_1));
        }
    }

    interface VmSetup {
        void accept(VirtualMachine vm) throws Exception;
    }

    static void check(boolean ok, String message) {
        if (!ok) {
            throw new AssertionError(message);
        }
    }

    /** COM1/COM2 bytes in order, markers timestamped inside the run, reset ends the VM. */
    static void consoleMarkersAndReset(int vcpus) throws Exception {
        byte[] code = new Code()
                .outb(0x600, 1, 0)
                .outb(0x3F8, 'h', 'e', 'l', 'l', 'o', '\n')
                .outb(0x2F8, 'o', 'u', 't')
                .outb(0x600, 4, 42)
                .reset().toBytes();
        Run run = run(vcpus, code, Duration.ofSeconds(20), vm -> { });
        VmResult r = run.result();
        check(r.reason() == StopReason.RESET, "expected reset, got " + r.reason() + ": " + r.detail());
        check(run.com1().equals("hello\n"), "COM1 got '" + run.com1() + "'");
        check(run.com2().equals("out"), "COM2 got '" + run.com2() + "'");
        List<Marker> m = r.markers();
        check(m.size() == 2 && m.get(0).code() == MarkerCode.INIT_REACHED && m.get(1).code() == MarkerCode.WORKLOAD_EXITED
                && m.get(1).argument() == 42, "markers " + m);
        check(r.startNanos() <= m.get(0).nanoTime() && m.get(0).nanoTime() <= m.get(1).nanoTime()
                && m.get(1).nanoTime() <= r.stopNanos(), "marker timestamps outside the run: " + m + " " + r);
        // 4 marker bytes + 6 + 3 serial bytes + the i8042 write: one exit each.
        check(r.exitCount("io") == 14, "expected 14 I/O exits, got " + r.exits());
        check(r.touchedBytes() > 0 && r.touchedBytes() < RamLayout.MIN_BYTES, "touched " + r.touchedBytes());
    }

    /** rep outsb: one exit carries many bytes; all arrive, in order. */
    static void stringIo() throws Exception {
        String msg = "string I/O through rep outsb, 48 bytes long....\n";
        byte[] code = new Code().movEsi(DATA).movEcx(msg.length()).movDx(0x3F8).repOutsb().reset().toBytes();
        Run run = run(1, code, Duration.ofSeconds(20),
                vm -> vm.memory().write(DATA, msg.getBytes(StandardCharsets.US_ASCII), 0, msg.length()));
        check(run.result().reason() == StopReason.RESET, "expected reset, got " + run.result());
        check(run.com1().equals(msg), "COM1 got '" + run.com1() + "'");
    }

    /** MMIO reads and writes reach the claiming device with offsets; unclaimed MMIO reads all ones. */
    static void mmio() throws Exception {
        List<String> log = new ArrayList<>();
        BusDevice device = new BusDevice() {
            @Override
            public synchronized long read(long offset, int size) {
                log.add("r " + Long.toHexString(offset) + " " + size);
                return 0xCAFEBABEL;
            }

            @Override
            public synchronized void write(long offset, int size, long value) {
                log.add("w " + Long.toHexString(offset) + " " + size + " " + Long.toHexString(value));
            }
        };
        byte[] code = new Code()
                .movMemImm32(MMIO_DEVICE + 0x10, 0x12345678)
                .movEaxMem(MMIO_DEVICE + 0x20)
                .movMemEax(MMIO_DEVICE + 0x30)
                .movEaxMem(MMIO_DEVICE + 0x1000)  // nobody's
                .movMemEax(MMIO_DEVICE + 0x40)
                .reset().toBytes();
        Run run = run(1, code, Duration.ofSeconds(20), vm -> vm.mmio().claim(MMIO_DEVICE, 0x1000, "test device", device));
        VmResult r = run.result();
        check(r.reason() == StopReason.RESET, "expected reset, got " + r);
        List<String> expected = List.of("w 10 4 12345678", "r 20 4", "w 30 4 cafebabe", "w 40 4 ffffffff");
        synchronized (device) {
            check(log.equals(expected), "device saw " + log + ", expected " + expected);
        }
        check(r.exitCount("mmio") == 5 && r.exitCount("mmio_unclaimed") == 1, "exits " + r.exits());
    }

    /** An exception with an empty IDT escalates (#UD, #GP, #DF) to a triple fault, which ends the VM as such. */
    static void tripleFault() throws Exception {
        // ud2, not int3: PVM cannot emulate the delivery of a software interrupt (internal error).
        Run run = run(1, new Code().ud2().toBytes(), Duration.ofSeconds(20), vm -> {
            Sregs s = vm.vcpu(0).getSregs();
            vm.vcpu(0).setSregs(s.set(Sregs.Table.IDT, new Sregs.Dtable(0, 0)));
        });
        check(run.result().reason() == StopReason.TRIPLE_FAULT, "expected triple-fault, got " + run.result());
        check(run.result().exitCount("shutdown") == 1, "exits " + run.result().exits());
    }

    /** A vCPU halted with interrupts off never exits by itself: the timeout must get it out. */
    static void timeoutStopsAHaltedVcpu() throws Exception {
        long t0 = System.nanoTime();
        Run run = run(2, new Code().haltForever().toBytes(), Duration.ofMillis(300), vm -> { });
        long ms = (System.nanoTime() - t0) / 1_000_000;
        check(run.result().reason() == StopReason.TIMEOUT, "expected timeout, got " + run.result());
        check(ms < 5_000, "stopping took " + ms + " ms");
        // The timeout says where each vCPU was: vCPU 0 halted (KVM's MP state) with interrupts off
        // (cli), RIP inside the 4-byte cli/hlt/jmp loop; vCPU 1, an AP nobody sent INIT/SIPI, not started.
        List<VcpuSnapshot> where = run.result().vcpus();
        check(where.size() == 2, "expected 2 vCPU snapshots, got " + where);
        VcpuSnapshot bsp = where.get(0);
        check(bsp.mpState() == VcpuFd.MP_STATE_HALTED && !bsp.interruptsEnabled()
                        && bsp.rip() >= CODE && bsp.rip() <= CODE + 4,
                "expected vCPU 0 halted with interrupts off in the loop, got " + bsp.describe(a -> null));
        check(where.get(1).describe(a -> null).startsWith("vCPU 1 not started"), where.get(1).describe(a -> null));
    }

    /** A vCPU spinning in guest code is kicked out by the signal; the stop comes from another thread. */
    static void stopFromAnotherThreadKicksASpinningVcpu() throws Exception {
        Run run = run(1, new Code().spinForever().toBytes(), Duration.ofSeconds(30), vm -> {
            Thread stopper = new Thread(() -> {
                try {
                    Thread.sleep(300);
                } catch (InterruptedException e) {
                    return;
                }
                vm.requestStop(StopReason.STOPPED, "stopped by the test");
            });
            stopper.setDaemon(true);
            stopper.start();
        });
        check(run.result().reason() == StopReason.STOPPED, "expected stopped, got " + run.result());
        check(run.result().stopNanos() - run.result().startNanos() < 10_000_000_000L, "took too long: " + run.result());
    }

    /** Creating, running and closing VMs leaves no KVM file descriptor and no guest memory mapping behind. */
    static void nothingLeaks() throws Exception {
        for (int i = 0; i < 3; i++) {
            consoleMarkersAndReset(2);
            timeoutStopsAHaltedVcpu();
        }
        List<String> kvmFds = new ArrayList<>();
        try (Stream<Path> s = Files.list(Path.of("/proc/self/fd"))) {
            for (Path fd : s.toList()) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.equals("/dev/kvm") || target.startsWith("anon_inode:kvm")) {
                        kvmFds.add(fd.getFileName() + " -> " + target);
                    }
                } catch (IOException gone) {
                    // the directory stream's own fd, closed meanwhile
                }
            }
        }
        check(kvmFds.isEmpty(), "KVM file descriptors left open: " + kvmFds);
        List<String> guestRam = Files.readAllLines(Path.of("/proc/self/maps")).stream()
                .filter(l -> !l.contains("/") && size(l) == RamLayout.MIN_BYTES).toList();
        check(guestRam.isEmpty(), "guest memory still mapped: " + guestRam);
    }

    private static long size(String mapsLine) {
        String[] range = mapsLine.split(" ")[0].split("-");
        return Long.parseUnsignedLong(range[1], 16) - Long.parseUnsignedLong(range[0], 16);
    }

    /** The calibration agrees with the CPU flags: hardware KVM needs vmx or svm, PVM has neither. */
    static KvmCalibration calibrationMatchesCpuFlags() throws IOException {
        KvmCalibration c = KvmCalibrator.calibrate();
        boolean virtualizationFlags = Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                .filter(l -> l.startsWith("flags"))
                .anyMatch(l -> List.of(l.split("\\s+")).contains("vmx") || List.of(l.split("\\s+")).contains("svm"));
        KvmKind expected = virtualizationFlags ? KvmKind.HARDWARE : KvmKind.EMULATED;
        check(c.kind() == expected, "calibration says " + c.kind() + " (" + c.detail() + "), cpu flags say " + expected);
        check(c.elapsedMillis() < (expected == KvmKind.EMULATED ? 1_000 : 30_000), "calibration took " + c.elapsedMillis() + " ms");
        return c;
    }

    /** Runs every check, prints one line each ("ok NAME ..." / "FAIL NAME: why"), exits with the failure count. */
    public static void main(String[] args) {
        Map<String, Check> checks = new LinkedHashMap<>();
        checks.put("calibration", () -> {
            KvmCalibration c = calibrationMatchesCpuFlags();
            return c.kind().label() + String.format(" %.1f M/s in %d ms", c.iterationsPerSecond() / 1e6, c.elapsedMillis());
        });
        checks.put("console-markers-reset", () -> {
            consoleMarkersAndReset(1);
            return "";
        });
        checks.put("console-markers-reset-4-vcpus", () -> {
            consoleMarkersAndReset(4);
            return "";
        });
        checks.put("string-io", () -> {
            stringIo();
            return "";
        });
        checks.put("mmio", () -> {
            mmio();
            return "";
        });
        checks.put("triple-fault", () -> {
            tripleFault();
            return "";
        });
        checks.put("timeout-halted", () -> {
            timeoutStopsAHaltedVcpu();
            return "";
        });
        checks.put("stop-spinning", () -> {
            stopFromAnotherThreadKicksASpinningVcpu();
            return "";
        });
        checks.put("hostile-serial-flood", () -> HostileGuestChecks.serialFlood(HostileGuestChecks.floodKiB(RIG_FLOOD_KIB)));
        checks.put("hostile-host-stops-reading", HostileGuestChecks::hostStopsReading);
        checks.put("hostile-triple-fault", HostileGuestChecks::tripleFault);
        checks.put("hostile-unclaimed-storm", () -> HostileGuestChecks.unclaimedStorm(RIG_STORM_LIMIT));
        checks.put("hostile-never-ready", HostileGuestChecks::neverReady);
        checks.put("no-leaks", () -> {
            nothingLeaks();
            return "";
        });
        if (args.length > 0) {
            // Only the named checks (a soak, or one check in a JVM of its own).
            if (!checks.keySet().containsAll(List.of(args))) {
                System.out.println("FAIL arguments: unknown check in " + List.of(args) + "; known: " + checks.keySet());
                System.exit(1);
            }
            checks.keySet().retainAll(List.of(args));
        }
        int failures = 0;
        for (Map.Entry<String, Check> e : checks.entrySet()) {
            long t0 = System.nanoTime();
            try {
                String note = e.getValue().run();
                System.out.printf("ok %s %s(%d ms)%n", e.getKey(), note.isEmpty() ? "" : note + " ",
                        (System.nanoTime() - t0) / 1_000_000);
            } catch (Throwable t) {
                failures++;
                System.out.println("FAIL " + e.getKey() + ": " + t);
            }
        }
        System.out.flush();
        System.exit(failures);
    }

    interface Check {
        String run() throws Exception;
    }
}
