package io.isobench.runtime.vm.kvm;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;

import io.isobench.runtime.vm.boot.CpuidEntry;

import java.util.List;

/**
 * One virtual CPU: its registers, CPUID and MSRs, and KVM_RUN. All calls but
 * {@link KvmRun#requestImmediateExit()} belong to the vCPU's own thread.
 */
public final class VcpuFd implements AutoCloseable {
    private final int id;
    private final int fd;
    private final Pointer runPage;
    private final long runSize;
    private final KvmRun run;
    private boolean closed;

    VcpuFd(int id, int fd, Pointer runPage, long runSize) {
        this.id = id;
        this.fd = fd;
        this.runPage = runPage;
        this.runSize = runSize;
        this.run = new KvmRun(runPage);
    }

    public int id() {
        return id;
    }

    public KvmRun kvmRun() {
        return run;
    }

    /**
     * Runs guest code until something needs the monitor.
     *
     * @return the exit reason from the kvm_run page, or {@link ExitReason#INTR} when KVM_RUN
     *         was interrupted (our kick signal or immediate_exit)
     */
    public ExitReason run() {
        int r = LibC.ioctl(fd, Ioctls.KVM_RUN, 0L);
        if (r < 0) {
            int errno = Native.getLastError();
            if (errno == LibC.EINTR || errno == LibC.EAGAIN) {
                return ExitReason.INTR;
            }
            throw new KvmException("KVM_RUN on vCPU " + id, errno);
        }
        return ExitReason.of(run.exitReason());
    }

    public Regs getRegs() {
        Regs regs = new Regs();
        Fds.check(LibC.ioctl(fd, Ioctls.KVM_GET_REGS, regs.buffer), "KVM_GET_REGS");
        return regs;
    }

    public void setRegs(Regs regs) {
        Fds.check(LibC.ioctl(fd, Ioctls.KVM_SET_REGS, regs.buffer), "KVM_SET_REGS");
    }

    public Sregs getSregs() {
        Sregs sregs = new Sregs();
        Fds.check(LibC.ioctl(fd, Ioctls.KVM_GET_SREGS, sregs.buffer), "KVM_GET_SREGS");
        return sregs;
    }

    public void setSregs(Sregs sregs) {
        Fds.check(LibC.ioctl(fd, Ioctls.KVM_SET_SREGS, sregs.buffer), "KVM_SET_SREGS");
    }

    public void setCpuid(List<CpuidEntry> entries) {
        Fds.check(LibC.ioctl(fd, Ioctls.KVM_SET_CPUID2, CpuidTable.encode(entries)), "KVM_SET_CPUID2");
    }

    /** KVM_SET_FPU with only the x87 control word and MXCSR set (the rest zero, as after reset). */
    public void setFpu(int controlWord, int mxcsr) {
        Memory m = new Memory(Layouts.KVM_FPU);
        m.clear();
        m.setShort(Layouts.Fpu.FCW, (short) controlWord);
        m.setInt(Layouts.Fpu.MXCSR, mxcsr);
        Fds.check(LibC.ioctl(fd, Ioctls.KVM_SET_FPU, m), "KVM_SET_FPU");
    }

    /**
     * KVM_GET_MP_STATE: whether the vCPU is runnable, halted (waiting for an interrupt inside
     * KVM), or still waiting for INIT/SIPI; one of the {@code MP_STATE_*} values.
     */
    public int mpState() {
        Memory m = new Memory(Layouts.KVM_MP_STATE);
        Fds.check(LibC.ioctl(fd, Ioctls.KVM_GET_MP_STATE, m), "KVM_GET_MP_STATE");
        return m.getInt(0);
    }

    public static final int MP_STATE_RUNNABLE = 0;
    public static final int MP_STATE_UNINITIALIZED = 1;
    public static final int MP_STATE_INIT_RECEIVED = 2;
    public static final int MP_STATE_HALTED = 3;
    public static final int MP_STATE_SIPI_RECEIVED = 4;

    /** KVM_GET_LAPIC: the in-kernel local APIC's 1 KiB register page. */
    public byte[] getLapic() {
        Memory m = new Memory(Layouts.KVM_LAPIC_STATE);
        Fds.check(LibC.ioctl(fd, Ioctls.KVM_GET_LAPIC, m), "KVM_GET_LAPIC");
        return m.getByteArray(0, Layouts.KVM_LAPIC_STATE);
    }

    public void setLapic(byte[] registers) {
        if (registers.length != Layouts.KVM_LAPIC_STATE) {
            throw new IllegalArgumentException("a local APIC register page is " + Layouts.KVM_LAPIC_STATE + " bytes");
        }
        Memory m = new Memory(Layouts.KVM_LAPIC_STATE);
        m.write(0, registers, 0, registers.length);
        Fds.check(LibC.ioctl(fd, Ioctls.KVM_SET_LAPIC, m), "KVM_SET_LAPIC");
    }

    /** KVM_SET_MSRS; KVM stops at the first MSR it refuses, so a short count is an error naming it. */
    public void setMsrs(List<MsrEntry> entries) {
        Memory m = new Memory(Layouts.KVM_MSRS_HEADER + (long) entries.size() * Layouts.KVM_MSR_ENTRY);
        m.clear();
        m.setInt(Layouts.Msrs.NMSRS, entries.size());
        for (int i = 0; i < entries.size(); i++) {
            long o = Layouts.Msrs.ENTRIES + (long) i * Layouts.KVM_MSR_ENTRY;
            m.setInt(o + Layouts.Msrs.ENTRY_INDEX, entries.get(i).index());
            m.setLong(o + Layouts.Msrs.ENTRY_DATA, entries.get(i).data());
        }
        int set = Fds.check(LibC.ioctl(fd, Ioctls.KVM_SET_MSRS, m), "KVM_SET_MSRS");
        if (set != entries.size()) {
            throw new KvmException(String.format("KVM_SET_MSRS refused MSR 0x%x (set %d of %d)",
                    entries.get(set).index(), set, entries.size()));
        }
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            LibC.munmap(runPage, runSize);
            LibC.close(fd);
        }
    }
}
