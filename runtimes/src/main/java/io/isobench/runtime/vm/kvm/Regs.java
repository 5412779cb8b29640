package io.isobench.runtime.vm.kvm;

import com.sun.jna.Memory;

/** A struct kvm_regs buffer (general-purpose registers, rip, rflags) for KVM_GET/SET_REGS. */
public final class Regs {
    /** The registers in kvm_regs order; each is a u64 at {@code ordinal() * 8}. */
    public enum Register {
        RAX, RBX, RCX, RDX, RSI, RDI, RSP, RBP, R8, R9, R10, R11, R12, R13, R14, R15, RIP, RFLAGS;

        public int offset() {
            return ordinal() * 8;
        }
    }

    final Memory buffer = new Memory(Layouts.KVM_REGS);

    public Regs() {
        buffer.clear();
    }

    public long get(Register r) {
        return buffer.getLong(r.offset());
    }

    public Regs set(Register r, long value) {
        buffer.setLong(r.offset(), value);
        return this;
    }
}
