package io.isobench.runtime.vm.vstate;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import io.isobench.runtime.vm.kvm.KvmException;
import io.isobench.runtime.vm.kvm.Layouts;
import io.isobench.runtime.vm.kvm.LibC;

/**
 * Gets a vCPU thread out of KVM_RUN from another thread. KVM_RUN only returns (EINTR) when
 * a signal is pending for the thread, so we send one: a real-time signal nobody else uses,
 * with a handler that does nothing. Together with kvm_run.immediate_exit (set first, so a
 * thread that is just about to enter KVM_RUN returns at once too) this is the race-free
 * kick KVM documents.
 *
 * <p>The handler must be native code: a signal can land while the JVM thread is anywhere in
 * native code, where running Java (a JNA callback) is not safe. Java cannot make a native
 * function, so the handler is libc's {@code getpid}: async-signal-safe, ignores its
 * argument, changes nothing — a no-op handler in all but name. SA_RESTART is not set.
 */
final class VcpuKick {
    private static int signal = -1;

    private VcpuKick() {
    }

    /** Installs the handler once per process and returns the signal number. */
    static synchronized int install() {
        if (signal > 0) {
            return signal;
        }
        // SIGRTMIN as glibc reports it: the first two real-time signals are glibc's own.
        int sig = LibC.__libc_current_sigrtmin() + 2;
        Pointer noop = NativeLibrary.getInstance("c").getFunction("getpid");
        Memory act = new Memory(Layouts.Sigaction.SIZE);
        act.clear();
        act.setPointer(Layouts.Sigaction.HANDLER, noop);
        Memory old = new Memory(Layouts.Sigaction.SIZE);
        if (LibC.sigaction(sig, act, old) != 0) {
            throw new KvmException("sigaction for the vCPU kick signal", Native.getLastError());
        }
        long previous = Pointer.nativeValue(old.getPointer(Layouts.Sigaction.HANDLER));
        if (previous != 0 && previous != Pointer.nativeValue(noop)) {
            LibC.sigaction(sig, old, null);
            throw new KvmException("real-time signal " + sig + " already has a handler in this process; "
                    + "cannot use it to stop vCPUs");
        }
        signal = sig;
        return sig;
    }

    /** Sends the kick signal to one thread of this process (Linux thread id). */
    static void kick(int tid) {
        LibC.tgkill(LibC.getpid(), tid, signal);
    }
}
