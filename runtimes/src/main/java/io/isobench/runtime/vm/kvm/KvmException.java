package io.isobench.runtime.vm.kvm;

/** A KVM (or related system) call failed; the message names the call and errno. */
public class KvmException extends RuntimeException {
    private final int errno;

    public KvmException(String call, int errno) {
        super(call + " failed: " + LibC.describe(errno));
        this.errno = errno;
    }

    public KvmException(String message) {
        super(message);
        this.errno = 0;
    }

    public int errno() {
        return errno;
    }
}
