package io.isobench.runtime.vm.vstate;

import io.isobench.runtime.vm.devices.Bus;
import io.isobench.runtime.vm.kvm.ExitReason;
import io.isobench.runtime.vm.kvm.KvmRun;
import io.isobench.runtime.vm.kvm.LibC;
import io.isobench.runtime.vm.kvm.Regs;
import io.isobench.runtime.vm.kvm.SystemEvent;
import io.isobench.runtime.vm.kvm.VcpuFd;

/**
 * One vCPU's run loop, on its own thread: KVM_RUN, then dispatch what the exit needs (port
 * I/O to the PIO bus, MMIO to the MMIO bus) or stop the VM, and again. Exits are counted
 * per reason in a plain array owned by this thread; it is read only after the thread ended.
 */
final class Vcpu implements Runnable {
    /** RIP of an x86 vCPU after INIT/RESET (CS base 0xFFFF0000). */
    private static final long RESET_RIP = 0xFFF0;

    /** How a vCPU tells its VM to stop; non-blocking, first call wins. */
    interface Stopper {
        void stop(StopReason reason, String detail);

        boolean stopping();
    }

    private final VcpuFd fd;
    private final Bus pio;
    private final Bus mmio;
    private final Stopper vm;
    private final long unclaimedLimit;
    private ExitReason lastExit;  // this thread's; read after it ended
    private final long[] exits = new long[ExitReason.values().length];
    private final byte[] data = new byte[8];
    /** A string instruction's data (at most the kvm_run page), reused: a flood allocates nothing. */
    private final byte[] stringData = new byte[4096];
    private final Object life = new Object();
    private int tid;          // Linux thread id once running; guarded by life
    private boolean finished; // guarded by life

    Vcpu(VcpuFd fd, Bus pio, Bus mmio, Stopper vm, long unclaimedLimit) {
        this.fd = fd;
        this.pio = pio;
        this.mmio = mmio;
        this.vm = vm;
        this.unclaimedLimit = unclaimedLimit;
    }

    VcpuFd fd() {
        return fd;
    }

    long[] exits() {
        return exits;
    }

    /** The reason of this vCPU's last exit, null before its first; once its thread ended. */
    ExitReason lastExit() {
        return lastExit;
    }

    @Override
    public void run() {
        synchronized (life) {
            tid = LibC.gettid();
        }
        try {
            while (!vm.stopping()) {
                ExitReason reason = fd.run();
                lastExit = reason;
                exits[reason.ordinal()]++;
                handle(reason);
            }
        } catch (RuntimeException | Error e) {
            vm.stop(StopReason.ERROR, "vCPU " + fd.id() + ": " + e.getMessage());
        } finally {
            synchronized (life) {
                finished = true;
            }
        }
    }

    /** Makes KVM_RUN return now or at its next entry. Any thread. */
    void kick() {
        fd.kvmRun().requestImmediateExit();
        synchronized (life) {
            // While we hold the lock the thread cannot finish, so its tid is still its own.
            if (tid != 0 && !finished) {
                VcpuKick.kick(tid);
            }
        }
    }

    private void handle(ExitReason reason) {
        KvmRun run = fd.kvmRun();
        switch (reason) {
            case IO -> {
                io(run);
                endStorm();
            }
            case MMIO -> {
                mmio(run);
                endStorm();
            }
            case INTR, IRQ_WINDOW_OPEN -> {
                // Our kick (the loop condition sees the stop) or nothing to do.
            }
            case HLT -> vm.stop(StopReason.HALTED, "vCPU " + fd.id() + " halted");
            case SHUTDOWN -> vm.stop(StopReason.TRIPLE_FAULT, "vCPU " + fd.id() + " triple-faulted (KVM_EXIT_SHUTDOWN)"
                    + (fd.getRegs().get(Regs.Register.RIP) == RESET_RIP
                    ? "; KVM re-initialised it (AMD does on shutdown), so its registers show the reset state" : ""));
            case SYSTEM_EVENT -> systemEvent(run.systemEventType());
            case FAIL_ENTRY -> vm.stop(StopReason.ERROR, String.format(
                    "vCPU %d: KVM could not enter the guest (hardware entry failure reason 0x%x)", fd.id(), run.failEntryReason()));
            case INTERNAL_ERROR -> vm.stop(StopReason.ERROR, "vCPU " + fd.id()
                    + ": KVM internal error, suberror " + run.internalSuberror()
                    + " (1 = instruction emulation failed, 2 = simultaneous exceptions, 3 = delivery event)");
            default -> vm.stop(StopReason.ERROR, "vCPU " + fd.id() + ": unexpected VM exit " + reason.key()
                    + " (" + run.exitReason() + ")");
        }
    }

    /**
     * A guest that hammers ports or addresses nobody claims costs a host core per vCPU until
     * its timeout and never gets anywhere: past the limit it is stopped, with the last access.
     */
    private void endStorm() {
        long unclaimed = pio.unclaimed() + mmio.unclaimed();
        if (unclaimed >= unclaimedLimit) {
            String last = mmio.lastUnclaimed() != null && (pio.lastUnclaimed() == null || lastExit == ExitReason.MMIO)
                    ? mmio.lastUnclaimed() : pio.lastUnclaimed();
            vm.stop(StopReason.ERROR, "the guest made " + unclaimed + " accesses no device claims, an exit storm"
                    + " (last: " + last + ")");
        }
    }

    private void systemEvent(int type) {
        switch (type) {
            case SystemEvent.RESET -> vm.stop(StopReason.RESET, "the guest reset the machine");
            case SystemEvent.SHUTDOWN -> vm.stop(StopReason.POWER_OFF, "the guest powered off");
            case SystemEvent.CRASH -> vm.stop(StopReason.PANIC, "the guest reported a crash");
            default -> vm.stop(StopReason.ERROR, "vCPU " + fd.id() + ": unknown KVM system event " + type);
        }
    }

    /** IN/OUT, possibly a string instruction (count > 1): count items of size bytes each. */
    private void io(KvmRun run) {
        int size = run.ioSize();
        int count = run.ioCount();
        int port = run.ioPort();
        if (size != 1 && size != 2 && size != 4 || count < 1 || (long) count * size > 4096) {
            vm.stop(StopReason.ERROR, "vCPU " + fd.id() + ": malformed I/O exit (size " + size + ", count " + count + ")");
            return;
        }
        byte[] buf = count == 1 ? data : stringData;
        boolean out = run.ioDirection() == KvmRun.IO_OUT;
        if (out) {
            run.ioData(buf, count * size);
            for (int i = 0; i < count; i++) {
                pio.write(port, size, le(buf, i * size, size));
            }
        } else {
            for (int i = 0; i < count; i++) {
                putLe(buf, i * size, size, pio.read(port, size));
            }
            run.setIoData(buf, count * size);
        }
    }

    private void mmio(KvmRun run) {
        int len = run.mmioLength();
        long address = run.mmioAddress();
        if (len < 1 || len > 8) {
            vm.stop(StopReason.ERROR, "vCPU " + fd.id() + ": malformed MMIO exit (length " + len + ")");
            return;
        }
        if (run.mmioIsWrite()) {
            run.mmioData(data, len);
            mmio.write(address, len, le(data, 0, len));
        } else {
            putLe(data, 0, len, mmio.read(address, len));
            run.setMmioData(data, len);
        }
    }

    private static long le(byte[] b, int off, int size) {
        long v = 0;
        for (int i = size - 1; i >= 0; i--) {
            v = v << 8 | (b[off + i] & 0xFF);
        }
        return v;
    }

    private static void putLe(byte[] b, int off, int size, long v) {
        for (int i = 0; i < size; i++) {
            b[off + i] = (byte) (v >>> (8 * i));
        }
    }
}
