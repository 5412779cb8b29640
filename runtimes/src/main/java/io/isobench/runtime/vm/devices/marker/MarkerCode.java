package io.isobench.runtime.vm.devices.marker;

/**
 * The codes guest-init writes to the marker port (see {@link MarkerPort}); each is followed
 * by one argument byte. guest-init (src/main/c/guest-init) uses the same numbers.
 */
public enum MarkerCode {
    /** PID 1 is running (argument 0). */
    INIT_REACHED(1),
    /** Modules loaded, file systems mounted (argument 0). */
    SETUP_DONE(2),
    /** The workload was exec'd (argument 0). */
    WORKLOAD_STARTED(3),
    /** The workload exited; argument = exit status 0..255. */
    WORKLOAD_EXITED(4),
    /** The workload was killed; argument = signal number. */
    WORKLOAD_KILLED(5),
    /** guest-init gave up; argument = the stage that failed, a message follows on COM1. */
    INIT_FAILED(0xEE);

    private final int code;

    MarkerCode(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The code for a byte, or null when the byte is no known code. */
    public static MarkerCode of(int b) {
        for (MarkerCode c : values()) {
            if (c.code == b) {
                return c;
            }
        }
        return null;
    }
}
