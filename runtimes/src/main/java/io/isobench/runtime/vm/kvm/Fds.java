package io.isobench.runtime.vm.kvm;

import com.sun.jna.Native;

/** Turns a C-style -1/errno result into a {@link KvmException} naming the call. */
final class Fds {
    private Fds() {
    }

    static int check(int result, String call) {
        if (result < 0) {
            throw new KvmException(call, Native.getLastError());
        }
        return result;
    }
}
