package io.isobench.runtime.vm.kvm;

/** kvm_run.system_event.type values (KVM_SYSTEM_EVENT_*). */
public final class SystemEvent {
    public static final int SHUTDOWN = 1;
    public static final int RESET = 2;
    public static final int CRASH = 3;

    private SystemEvent() {
    }
}
