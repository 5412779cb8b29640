package io.isobench.runtime.vm.vstate;

import io.isobench.runtime.vm.kvm.Regs;
import io.isobench.runtime.vm.kvm.VcpuFd;

import java.util.function.LongFunction;

/**
 * Where one vCPU was when a VM that did not finish in time was stopped: the instruction
 * pointer, whether interrupts were enabled and whether KVM had it halted. A hung guest is
 * then reported as "halted at default_idle" (waiting for an interrupt that never came) or
 * "running at some_function" (spinning), which says far more than "no console output".
 *
 * @param mpState  one of {@code VcpuFd.MP_STATE_*}
 * @param lastExit the reason of its last VM exit ({@code io}, {@code mmio}, {@code shutdown}...), null before the first
 */
public record VcpuSnapshot(int id, long rip, long rflags, int mpState, String lastExit) {
    private static final long RFLAGS_IF = 1L << 9;

    /** Reads the vCPU's state; only while its thread is not in KVM_RUN. */
    static VcpuSnapshot of(VcpuFd fd, String lastExit) {
        Regs regs = fd.getRegs();
        return new VcpuSnapshot(fd.id(), regs.get(Regs.Register.RIP), regs.get(Regs.Register.RFLAGS), fd.mpState(),
                lastExit);
    }

    public boolean interruptsEnabled() {
        return (rflags & RFLAGS_IF) != 0;
    }

    /**
     * E.g. {@code vCPU 1 halted at default_idle+0x1e (interrupts on, last exit hlt)}.
     *
     * @param symbolizer turns an address into a name, or null when it cannot
     */
    public String describe(LongFunction<String> symbolizer) {
        String state = switch (mpState) {
            case VcpuFd.MP_STATE_RUNNABLE -> "running";
            case VcpuFd.MP_STATE_HALTED -> "halted";
            case VcpuFd.MP_STATE_UNINITIALIZED, VcpuFd.MP_STATE_INIT_RECEIVED, VcpuFd.MP_STATE_SIPI_RECEIVED ->
                    "not started (waiting for INIT/SIPI)";
            default -> "in MP state " + mpState;
        };
        String where = symbolizer.apply(rip);
        return String.format("vCPU %d %s at 0x%x%s (interrupts %s%s)", id, state, rip,
                where == null ? "" : " " + where, interruptsEnabled() ? "on" : "off",
                lastExit == null ? ", no exit yet" : ", last exit " + lastExit);
    }
}
