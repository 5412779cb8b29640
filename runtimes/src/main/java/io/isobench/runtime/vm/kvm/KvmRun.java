package io.isobench.runtime.vm.kvm;

import com.sun.jna.Pointer;

/**
 * The vCPU's struct kvm_run page, mmap'ed from the vCPU fd: after KVM_RUN returns it says
 * why (exit reason) and holds the exit's data (the port and bytes of an I/O exit, the
 * address and bytes of an MMIO exit). The monitor writes the answer of a read back here
 * before the next KVM_RUN. Only the vCPU's own thread touches it, except
 * {@link #requestImmediateExit()}, which any thread may set to stop the vCPU.
 */
public final class KvmRun {
    public static final int IO_IN = 0;
    public static final int IO_OUT = 1;

    private final Pointer run;

    KvmRun(Pointer run) {
        this.run = run;
    }

    public int exitReason() {
        return run.getInt(Layouts.Run.EXIT_REASON);
    }

    /** Makes the next (or the current, once kicked by a signal) KVM_RUN return EINTR at once. */
    public void requestImmediateExit() {
        run.setByte(Layouts.Run.IMMEDIATE_EXIT, (byte) 1);
    }

    public boolean immediateExitRequested() {
        return run.getByte(Layouts.Run.IMMEDIATE_EXIT) != 0;
    }

    public int ioDirection() {
        return run.getByte(Layouts.Run.IO_DIRECTION) & 0xFF;
    }

    public int ioSize() {
        return run.getByte(Layouts.Run.IO_SIZE) & 0xFF;
    }

    public int ioPort() {
        return run.getShort(Layouts.Run.IO_PORT) & 0xFFFF;
    }

    public int ioCount() {
        return run.getInt(Layouts.Run.IO_COUNT);
    }

    /** Offset of the I/O data (count * size bytes) from the start of this page. */
    public long ioDataOffset() {
        return run.getLong(Layouts.Run.IO_DATA_OFFSET);
    }

    public void ioData(byte[] into, int length) {
        run.read(ioDataOffset(), into, 0, length);
    }

    public void setIoData(byte[] from, int length) {
        run.write(ioDataOffset(), from, 0, length);
    }

    public long mmioAddress() {
        return run.getLong(Layouts.Run.MMIO_PHYS_ADDR);
    }

    public int mmioLength() {
        return run.getInt(Layouts.Run.MMIO_LEN);
    }

    public boolean mmioIsWrite() {
        return run.getByte(Layouts.Run.MMIO_IS_WRITE) != 0;
    }

    public void mmioData(byte[] into, int length) {
        run.read(Layouts.Run.MMIO_DATA, into, 0, length);
    }

    public void setMmioData(byte[] from, int length) {
        run.write(Layouts.Run.MMIO_DATA, from, 0, length);
    }

    public int systemEventType() {
        return run.getInt(Layouts.Run.SYSTEM_EVENT_TYPE);
    }

    public long failEntryReason() {
        return run.getLong(Layouts.Run.FAIL_ENTRY_REASON);
    }

    public int internalSuberror() {
        return run.getInt(Layouts.Run.INTERNAL_SUBERROR);
    }
}
