package io.isobench.runtime.vm.kvm;

import java.util.Locale;

/**
 * Why KVM_RUN returned ({@code KVM_EXIT_*} in {@code <linux/kvm.h>}); the x86 ones the
 * monitor can meet. {@link #INTR} is the monitor's own kick (a signal or immediate_exit).
 */
public enum ExitReason {
    UNKNOWN(0), EXCEPTION(1), IO(2), HYPERCALL(3), DEBUG(4), HLT(5), MMIO(6), IRQ_WINDOW_OPEN(7),
    SHUTDOWN(8), FAIL_ENTRY(9), INTR(10), SET_TPR(11), TPR_ACCESS(12), NMI(16), INTERNAL_ERROR(17),
    SYSTEM_EVENT(24), IOAPIC_EOI(26), HYPERV(27), X86_RDMSR(29), X86_WRMSR(30), X86_BUS_LOCK(33),
    NOTIFY(37),
    /** A code this table does not know (a newer kernel); counted, and it stops the VM. */
    OTHER(-1);

    private static final ExitReason[] BY_CODE = new ExitReason[64];

    static {
        for (ExitReason r : values()) {
            if (r.code >= 0) {
                BY_CODE[r.code] = r;
            }
        }
    }

    private final int code;

    ExitReason(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static ExitReason of(int code) {
        ExitReason r = code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
        return r == null ? OTHER : r;
    }

    /** The name used in results ({@code vm.exits} keys): lower case, e.g. {@code io}, {@code fail_entry}. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
