package io.isobench.runtime.vm.vstate;

/** Why a VM stopped; the first reason reported wins. */
public enum StopReason {
    /** The guest reset the machine (i8042 0xFE or a KVM reset event): guest-init's normal end. */
    RESET("reset"),
    /** The guest powered off (KVM system event). */
    POWER_OFF("power-off"),
    /** A vCPU triple-faulted (KVM_EXIT_SHUTDOWN): the guest crashed before it could panic. */
    TRIPLE_FAULT("triple-fault"),
    /** The guest reported a crash (KVM system event CRASH). */
    PANIC("panic"),
    /** A vCPU halted with nothing to wake it (only without the in-kernel irqchip). */
    HALTED("halted"),
    /** The time limit passed. */
    TIMEOUT("timeout"),
    /** The host asked the VM to stop (e.g. Ctrl-C). */
    STOPPED("stopped"),
    /** KVM or the monitor failed (entry failure, internal error, unexpected exit). */
    ERROR("error");

    private final String label;

    StopReason(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    @Override
    public String toString() {
        return label;
    }
}
