package io.isobench.runtime.vm.kvm;

/** KVM_CAP_* numbers for KVM_CHECK_EXTENSION (the ones the monitor relies on). */
public enum Capability {
    IRQCHIP(0), USER_MEMORY(3), SET_TSS_ADDR(4), EXT_CPUID(7), IRQ_ROUTING(25), IRQFD(32), PIT2(33),
    IOEVENTFD(36), SET_IDENTITY_MAP_ADDR(37), IMMEDIATE_EXIT(136);

    private final int number;

    Capability(int number) {
        this.number = number;
    }

    public int number() {
        return number;
    }
}
