package io.isobench.runtime.vm.calibration;

/** What kind of KVM this host has, as {@code host.kvmKind} and doctor report it. */
public enum KvmKind {
    /** Hardware virtualization (VMX/SVM): guest ring-0 code runs at native speed. */
    HARDWARE("hardware"),
    /**
     * /dev/kvm works but guest kernel code is emulated (e.g. PVM on a cloud VM without
     * nested virtualization): thousands of times slower, a Linux boot takes hours.
     */
    EMULATED("emulated"),
    /** No usable /dev/kvm. */
    NONE("none");

    private final String label;

    KvmKind(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
