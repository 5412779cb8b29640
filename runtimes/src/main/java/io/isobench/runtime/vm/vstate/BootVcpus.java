package io.isobench.runtime.vm.vstate;

import io.isobench.runtime.vm.boot.BootMsrs;
import io.isobench.runtime.vm.boot.BootState;
import io.isobench.runtime.vm.boot.Cpuid;
import io.isobench.runtime.vm.boot.CpuidEntry;
import io.isobench.runtime.vm.boot.LocalApicSetup;
import io.isobench.runtime.vm.boot.Segment;
import io.isobench.runtime.vm.kvm.KvmSegment;
import io.isobench.runtime.vm.kvm.MsrEntry;
import io.isobench.runtime.vm.kvm.Regs;
import io.isobench.runtime.vm.kvm.Sregs;
import io.isobench.runtime.vm.kvm.VcpuFd;

import java.util.List;

/**
 * Turns the boot code's description of the first instruction ({@link BootState}) into vCPU
 * state. Every vCPU gets its CPUID (with its own APIC id), the boot MSRs and the legacy
 * LINT0/LINT1 wiring of its local APIC; vCPU 0 also gets the 64-bit entry state (long mode,
 * paging on the identity map, flat segments, %rsi = zero page). The others stay in the
 * wait-for-SIPI state KVM gives them, and Linux wakes them through the local APIC.
 * Order as KVM wants it: CPUID before MSRs (which MSRs exist depends on CPUID), registers
 * last.
 */
public final class BootVcpus {
    private BootVcpus() {
    }

    public static void apply(VirtualMachine vm, BootState state) {
        List<CpuidEntry> supported = vm.kvm().supportedCpuid();
        List<MsrEntry> msrs = BootMsrs.entries().stream().map(m -> new MsrEntry(m.index(), m.value())).toList();
        int n = vm.vcpuCount();
        for (int i = 0; i < n; i++) {
            VcpuFd vcpu = vm.vcpu(i);
            vcpu.setCpuid(Cpuid.forVcpu(supported, i, n));
            vcpu.setMsrs(msrs);
            vcpu.setLapic(LocalApicSetup.withLegacyPins(vcpu.getLapic()));
        }
        VcpuFd boot = vm.vcpu(0);
        boot.setFpu(BootState.FPU_CONTROL_WORD, BootState.MXCSR);
        Sregs s = boot.getSregs();
        s.set(Sregs.SegmentRegister.CS, kvm(state.code()));
        for (Sregs.SegmentRegister r : List.of(Sregs.SegmentRegister.DS, Sregs.SegmentRegister.ES,
                Sregs.SegmentRegister.FS, Sregs.SegmentRegister.GS, Sregs.SegmentRegister.SS)) {
            s.set(r, kvm(state.data()));
        }
        s.set(Sregs.SegmentRegister.TR, kvm(state.tss()));
        s.set(Sregs.Table.GDT, new Sregs.Dtable(state.gdtBase(), state.gdtLimit()));
        s.set(Sregs.Table.IDT, new Sregs.Dtable(state.idtBase(), state.idtLimit()));
        s.set(Sregs.ControlRegister.CR0, state.cr0());
        s.set(Sregs.ControlRegister.CR3, state.cr3());
        s.set(Sregs.ControlRegister.CR4, state.cr4());
        s.set(Sregs.ControlRegister.EFER, state.efer());
        boot.setSregs(s);
        boot.setRegs(new Regs()
                .set(Regs.Register.RIP, state.rip())
                .set(Regs.Register.RSI, state.rsi())
                .set(Regs.Register.RSP, state.rsp())
                .set(Regs.Register.RBP, state.rsp())
                .set(Regs.Register.RFLAGS, state.rflags()));
    }

    static KvmSegment kvm(Segment s) {
        return new KvmSegment(s.base(), s.limit(), s.selector(), s.type(), s.present(), s.dpl(), s.db(), s.s(), s.l(),
                s.g(), s.avl(), false);
    }
}
