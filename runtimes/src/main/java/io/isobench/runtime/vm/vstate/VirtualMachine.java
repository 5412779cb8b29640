package io.isobench.runtime.vm.vstate;

import io.isobench.runtime.vm.devices.Bus;
import io.isobench.runtime.vm.devices.IrqLine;
import io.isobench.runtime.vm.devices.PostCodePort;
import io.isobench.runtime.vm.devices.i8042.I8042;
import io.isobench.runtime.vm.devices.marker.MarkerPort;
import io.isobench.runtime.vm.devices.serial.Serial8250;
import io.isobench.runtime.vm.devices.serial.TransmitBuffer;
import io.isobench.runtime.vm.kvm.Capability;
import io.isobench.runtime.vm.kvm.ExitReason;
import io.isobench.runtime.vm.kvm.Kvm;
import io.isobench.runtime.vm.kvm.KvmException;
import io.isobench.runtime.vm.kvm.VcpuFd;
import io.isobench.runtime.vm.kvm.VmFd;
import io.isobench.runtime.vm.memory.GuestMemory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A KVM virtual machine with its memory, in-kernel interrupt controllers and timer, the
 * legacy PC devices every guest of ours uses, and its vCPUs; {@link #run} runs it until
 * something stops it. Lifecycle: {@link #create}, write the guest into {@link #memory()},
 * set up each {@link #vcpu(int)} and add devices to the buses, {@link #run} once,
 * {@link #close}.
 *
 * <p>Devices: COM1 (0x3F8, IRQ 4) the kernel console, COM2 (0x2F8, IRQ 3) the workload
 * output channel, the i8042 (0x60/0x64) whose reset command ends the VM, guest-init's marker
 * port (0x600) and the POST port (0x80). The in-kernel irqchip supplies the PICs, IOAPIC
 * (0xFEC00000) and local APICs (0xFEE00000); the in-kernel PIT the timer on 0x40-0x43.
 */
public final class VirtualMachine implements AutoCloseable {
    /**
     * Three pages just below the 4 GiB BIOS area that Intel VMX uses for its real-mode TSS,
     * and the page below them for its identity map: inside the MMIO hole, away from RAM and
     * from every device we map. Both must be set before the first vCPU exists; AMD ignores them.
     */
    public static final long TSS_ADDRESS = 0xFFFB_D000L;
    public static final long IDENTITY_MAP_ADDRESS = 0xFFFB_C000L;
    /** How long a stop may take before we give up on a vCPU thread (it never should). */
    private static final long STOP_GRACE_MILLIS = 10_000;

    private record Stop(StopReason reason, String detail, long nanoTime) {
    }

    private final Kvm kvm;
    private final VmFd vm;
    private final GuestMemory memory;
    private final Bus pio = new Bus("port I/O");
    private final Bus mmio = new Bus("MMIO");
    private final List<Vcpu> vcpus = new ArrayList<>();
    private final MarkerPort markers;
    private final long unclaimedLimit;
    private final Map<String, TransmitBuffer> uartOutputs = new LinkedHashMap<>();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile Stop stop;
    private boolean ran;
    private final Object kickLock = new Object();
    private boolean closed;
    private boolean vcpuThreadsStuck;

    private VirtualMachine(Kvm kvm, VmFd vm, GuestMemory memory, VmConfig config) {
        this.kvm = kvm;
        this.vm = vm;
        this.memory = memory;
        this.markers = new MarkerPort(config.markers());
        this.unclaimedLimit = config.unclaimedLimit();
    }

    /**
     * Opens /dev/kvm and builds the VM.
     *
     * @throws KvmException with one sentence when KVM is missing, lacks something we need or
     *                      refuses a step; nothing stays open
     */
    public static VirtualMachine create(VmConfig config) {
        VcpuKick.install();
        Kvm kvm = Kvm.open();
        VmFd vm = null;
        GuestMemory memory = null;
        VirtualMachine machine = null;
        try {
            for (Capability c : List.of(Capability.IRQCHIP, Capability.USER_MEMORY, Capability.PIT2,
                    Capability.IMMEDIATE_EXIT, Capability.SET_TSS_ADDR, Capability.EXT_CPUID)) {
                if (!kvm.has(c)) {
                    throw new KvmException("this host's KVM lacks KVM_CAP_" + c + ", which the VM needs");
                }
            }
            vm = kvm.createVm();
            vm.setTssAddress(TSS_ADDRESS);
            if (kvm.has(Capability.SET_IDENTITY_MAP_ADDR)) {
                vm.setIdentityMapAddress(IDENTITY_MAP_ADDRESS);
            }
            vm.createIrqchip();
            vm.createPit2(VmFd.PIT_SPEAKER_DUMMY);
            memory = GuestMemory.allocate(config.ram());
            memory.registerWith(vm);
            machine = new VirtualMachine(kvm, vm, memory, config);
            machine.addLegacyDevices(config);
            for (int i = 0; i < config.vcpus(); i++) {
                machine.vcpus.add(new Vcpu(vm.createVcpu(i), machine.pio, machine.mmio, machine.stopper(),
                        machine.unclaimedLimit));
            }
            return machine;
        } catch (RuntimeException e) {
            if (machine != null) {
                machine.close();
            } else {
                if (memory != null) {
                    memory.close();
                }
                if (vm != null) {
                    vm.close();
                }
                kvm.close();
            }
            throw e;
        }
    }

    private void addLegacyDevices(VmConfig config) {
        pio.claim(Serial8250.COM1_BASE, Serial8250.PORTS, "COM1",
                new Serial8250("COM1", irqLine(Serial8250.COM1_IRQ), uartOutput("COM1", config.console())));
        pio.claim(Serial8250.COM2_BASE, Serial8250.PORTS, "COM2",
                new Serial8250("COM2", irqLine(Serial8250.COM2_IRQ), uartOutput("COM2", config.output())));
        I8042 i8042 = new I8042(() -> requestStop(StopReason.RESET, "the guest reset the machine (i8042)"));
        pio.claim(I8042.DATA_PORT, 1, "i8042 data", i8042.dataPort());
        pio.claim(I8042.COMMAND_PORT, 1, "i8042 command", i8042.commandPort());
        pio.claim(MarkerPort.PORT, 1, "marker", markers);
        pio.claim(PostCodePort.PORT, 1, "POST", new PostCodePort());
    }

    private TransmitBuffer uartOutput(String name, java.io.OutputStream sink) {
        TransmitBuffer out = new TransmitBuffer(name, sink, TransmitBuffer.CAPACITY);
        uartOutputs.put(name, out);
        return out;
    }

    public GuestMemory memory() {
        return memory;
    }

    public Bus pio() {
        return pio;
    }

    public Bus mmio() {
        return mmio;
    }

    public Kvm kvm() {
        return kvm;
    }

    public VmFd fd() {
        return vm;
    }

    public int vcpuCount() {
        return vcpus.size();
    }

    /** vCPU {@code index}, for setting up registers before {@link #run}. */
    public VcpuFd vcpu(int index) {
        return vcpus.get(index).fd();
    }

    /** An interrupt line into the in-kernel irqchip (GSI = ISA IRQ for 0-15). */
    public IrqLine irqLine(int gsi) {
        return high -> vm.irqLine(gsi, high);
    }

    /** Asks the VM to stop; any thread, never blocks; the first reason given is the one reported. */
    public void requestStop(StopReason reason, String detail) {
        synchronized (stopped) {
            if (stop != null) {
                return;
            }
            stop = new Stop(reason, detail, System.nanoTime());
        }
        stopped.countDown();
        // Under the lock close() takes: a stop requested by another thread (a device, the
        // test, Ctrl-C) may still be kicking when run() has returned; kicking a vCPU whose
        // kvm_run page close() already unmapped would crash the process.
        synchronized (kickLock) {
            if (!closed) {
                vcpus.forEach(Vcpu::kick);
            }
        }
    }

    private Vcpu.Stopper stopper() {
        return new Vcpu.Stopper() {
            @Override
            public void stop(StopReason reason, String detail) {
                requestStop(reason, detail);
            }

            @Override
            public boolean stopping() {
                return stop != null;
            }
        };
    }

    /**
     * Starts one thread per vCPU and waits until the guest stops the VM, a vCPU fails,
     * {@link #requestStop} is called, or {@code timeout} passes; then every vCPU thread has
     * ended when this returns.
     */
    public VmResult run(Duration timeout) throws InterruptedException {
        if (ran) {
            throw new IllegalStateException("a VM runs once");
        }
        ran = true;
        pio.seal();
        mmio.seal();
        List<Thread> threads = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i < vcpus.size(); i++) {
            Thread t = new Thread(vcpus.get(i), "vcpu-" + i);
            t.setDaemon(true);  // a stuck vCPU must not keep the JVM alive
            threads.add(t);
            t.start();
        }
        try {
            if (!stopped.await(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                requestStop(StopReason.TIMEOUT, "the VM did not stop within " + timeout.toMillis() + " ms");
            }
        } finally {
            if (stop == null) {
                requestStop(StopReason.STOPPED, "interrupted");
            }
            joinAll(threads);
        }
        Stop s = stop;
        boolean normalEnd = s.reason() == StopReason.RESET || s.reason() == StopReason.POWER_OFF;
        Map<String, Long> serial = finishUartOutputs(TransmitBuffer.QUIET_LIMIT_MILLIS);
        return new VmResult(s.reason(), s.detail(), exitCounts(), markers.markers(), start, s.nanoTime(),
                memory.size(), memory.touchedBytes(), normalEnd ? List.of() : snapshots(), serial);
    }

    /**
     * The host gets what the guest transmitted before it stopped, unless it stopped taking output:
     * each UART's buffer waits at most {@code quietLimitMillis} without progress (the documented
     * bound on how long a host that does not read can delay a VM's end).
     */
    private Map<String, Long> finishUartOutputs(long quietLimitMillis) throws InterruptedException {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (Map.Entry<String, TransmitBuffer> e : uartOutputs.entrySet()) {
            TransmitBuffer.Counts c = e.getValue().finish(quietLimitMillis);
            counts.put(e.getKey() + ".delivered", c.delivered());
            counts.put(e.getKey() + ".dropped", c.dropped());
            counts.put(e.getKey() + ".lost", c.lost());
            counts.put(e.getKey() + ".undelivered", c.undelivered());
        }
        return counts;
    }

    /** Where the vCPUs were; their threads have left KVM_RUN. A vCPU KVM cannot describe is left out. */
    private List<VcpuSnapshot> snapshots() {
        List<VcpuSnapshot> all = new ArrayList<>();
        for (Vcpu v : vcpus) {
            try {
                all.add(VcpuSnapshot.of(v.fd(), v.lastExit() == null ? null : v.lastExit().key()));
            } catch (KvmException e) {
                // Diagnostics only: the timeout itself is what gets reported.
            }
        }
        return all;
    }

    private void joinAll(List<Thread> threads) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(STOP_GRACE_MILLIS);
        for (int i = 0; i < threads.size(); i++) {
            Thread t = threads.get(i);
            while (t.isAlive() && System.nanoTime() < deadline) {
                vcpus.get(i).kick();  // again: a kick can race with an exit the thread was handling
                t.join(20);
            }
            if (t.isAlive()) {
                vcpuThreadsStuck = true;
                throw new IllegalStateException("vCPU " + i + " did not leave KVM_RUN after the stop");
            }
        }
    }

    private Map<String, Long> exitCounts() {
        long[] sum = new long[ExitReason.values().length];
        for (Vcpu v : vcpus) {
            long[] e = v.exits();
            for (int i = 0; i < sum.length; i++) {
                sum[i] += e[i];
            }
        }
        Map<String, Long> exits = new LinkedHashMap<>();
        for (ExitReason r : ExitReason.values()) {
            if (sum[r.ordinal()] > 0) {
                exits.put(r.key(), sum[r.ordinal()]);
            }
        }
        putIfNonZero(exits, "pio_unclaimed", pio.unclaimedReads() + pio.unclaimedWrites());
        putIfNonZero(exits, "mmio_unclaimed", mmio.unclaimedReads() + mmio.unclaimedWrites());
        putIfNonZero(exits, "markers_dropped", markers.dropped());
        return exits;
    }

    private static void putIfNonZero(Map<String, Long> map, String key, long value) {
        if (value > 0) {
            map.put(key, value);
        }
    }

    /**
     * Releases vCPUs, the VM, guest memory and /dev/kvm. If a vCPU thread could not be
     * stopped its resources are left alone (freeing memory under a running vCPU would crash
     * the process).
     */
    @Override
    public void close() {
        synchronized (kickLock) {
            if (closed) {
                return;
            }
            closed = true;
        }
        try {
            finishUartOutputs(0);  // no more interrupts from their draining threads once the VM is gone
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (vcpuThreadsStuck) {
            return;
        }
        for (Vcpu v : vcpus) {
            v.fd().close();
        }
        vm.close();
        memory.close();
        kvm.close();
    }
}
