package io.isobench.runtime.vm.vstate;

import io.isobench.runtime.vm.kvm.KvmSegment;
import io.isobench.runtime.vm.kvm.Regs;
import io.isobench.runtime.vm.kvm.Sregs;
import io.isobench.runtime.vm.kvm.VcpuFd;

/**
 * Puts a vCPU straight into 32-bit protected mode with flat 4 GiB segments at CPL 0, no
 * paging and no GDT in memory (the hidden segment state is loaded directly through
 * KVM_SET_SREGS, which is all the CPU uses until a segment register is reloaded). Enough for
 * the tiny hand-assembled guests of the KVM calibration and the monitor's own tests.
 */
public final class FlatProtectedMode {
    static final long CR0_PE = 1;
    static final int CODE_TYPE = 0xB;  // execute/read, accessed
    static final int DATA_TYPE = 0x3;  // read/write, accessed

    private FlatProtectedMode() {
    }

    /** Enters at {@code entry} with interrupts off. */
    public static void enter(VcpuFd vcpu, long entry) {
        Sregs s = vcpu.getSregs();
        KvmSegment code = new KvmSegment(0, 0xFFFF_FFFFL, 0x08, CODE_TYPE, true, 0, true, true, false, true, false, false);
        KvmSegment data = new KvmSegment(0, 0xFFFF_FFFFL, 0x10, DATA_TYPE, true, 0, true, true, false, true, false, false);
        s.set(Sregs.SegmentRegister.CS, code);
        for (Sregs.SegmentRegister r : new Sregs.SegmentRegister[] {Sregs.SegmentRegister.DS, Sregs.SegmentRegister.ES,
                Sregs.SegmentRegister.FS, Sregs.SegmentRegister.GS, Sregs.SegmentRegister.SS}) {
            s.set(r, data);
        }
        s.set(Sregs.ControlRegister.CR0, s.get(Sregs.ControlRegister.CR0) | CR0_PE);
        vcpu.setSregs(s);
        Regs regs = new Regs().set(Regs.Register.RIP, entry).set(Regs.Register.RFLAGS, 0x2)
                .set(Regs.Register.RSP, 0x8000);
        vcpu.setRegs(regs);
    }
}
