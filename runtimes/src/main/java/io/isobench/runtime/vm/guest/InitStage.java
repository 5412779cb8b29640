package io.isobench.runtime.vm.guest;

/**
 * Where guest-init gave up: the argument of the INIT_FAILED (0xEE) marker. Same numbers as
 * {@code enum stage} in src/main/c/guest-init/guest_init.h; guest-init also prints a
 * one-line reason on COM1.
 */
public enum InitStage {
    MARKER_PORT(1, "getting access to the marker port"),
    MOUNT(2, "mounting /proc, /sys, /dev and /tmp"),
    CMDLINE(3, "reading the isobench.* kernel parameters"),
    MODULES(4, "loading the kernel modules"),
    NETWORK(5, "bringing up lo and eth0 and setting the hostname"),
    SCRATCH(6, "mounting the scratch disk"),
    CONSOLE(7, "opening COM2 for the workload's output"),
    SPAWN(8, "starting the workload"),
    FORWARD(9, "forwarding the workload's output"),
    ROOT(10, "mounting the read-only root disk and switching to it");

    private final int number;
    private final String description;

    InitStage(int number, String description) {
        this.number = number;
        this.description = description;
    }

    public int number() {
        return number;
    }

    /** What guest-init was doing, e.g. "mounting the scratch disk". */
    public String description() {
        return description;
    }

    /** A sentence for the user, for any argument byte (unknown numbers included). */
    public static String describe(int number) {
        for (InitStage s : values()) {
            if (s.number == number) {
                return "guest-init failed while " + s.description + " (stage " + number + ")";
            }
        }
        return "guest-init failed at unknown stage " + number;
    }
}
