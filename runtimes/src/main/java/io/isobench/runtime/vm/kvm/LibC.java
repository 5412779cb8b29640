package io.isobench.runtime.vm.kvm;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;

/**
 * The few libc calls the monitor needs, bound with JNA direct mapping (a JNI stub per
 * method, no reflection per call) because {@code ioctl(KVM_RUN)} is on the vCPU hot path.
 * Every call returns the raw C result; callers read errno with {@link Native#getLastError()}
 * right after a -1 (JNA saves errno per thread after each call).
 */
public final class LibC {
    public static final int O_RDWR = 0x2;
    public static final int O_CLOEXEC = 0x80000;
    public static final int PROT_READ = 0x1;
    public static final int PROT_WRITE = 0x2;
    public static final int MAP_SHARED = 0x01;
    public static final int MAP_PRIVATE = 0x02;
    public static final int MAP_ANONYMOUS = 0x20;
    public static final int MAP_NORESERVE = 0x4000;
    /** madvise: let KSM merge identical pages of this range (mm/ksm). */
    public static final int MADV_MERGEABLE = 12;
    public static final int EINTR = 4;
    public static final int EAGAIN = 11;
    public static final int EFD_CLOEXEC = 0x80000;
    public static final int EFD_NONBLOCK = 0x800;
    public static final long MAP_FAILED = -1L;
    public static final int SA_SIGINFO = 0x4;
    public static final int SA_ONSTACK = 0x08000000;
    public static final int SA_RESTART = 0x10000000;

    static {
        Native.register(LibC.class, NativeLibrary.getInstance("c"));
    }

    private LibC() {
    }

    public static native int open(String path, int flags);

    public static native int close(int fd);

    public static native int ioctl(int fd, long request, long arg);

    public static native int ioctl(int fd, long request, Pointer arg);

    public static native Pointer mmap(Pointer addr, long length, int prot, int flags, int fd, long offset);

    public static native int munmap(Pointer addr, long length);

    public static native int madvise(Pointer addr, long length, int advice);

    public static native int mincore(Pointer addr, long length, byte[] vec);

    public static native int eventfd(int initval, int flags);

    public static native long read(int fd, byte[] buf, long count);

    public static native long write(int fd, byte[] buf, long count);

    public static native long pthread_self();

    public static native int pthread_kill(long thread, int sig);

    public static native int sigaction(int signum, Pointer act, Pointer oldact);

    public static native int __libc_current_sigrtmin();

    public static native String strerror(int errnum);

    public static native int getpagesize();

    public static native int getpid();

    public static native int gettid();

    public static native int tgkill(int tgid, int tid, int sig);

    /** The current thread's errno after a failed call, with its text: "EINVAL (Invalid argument)" style. */
    public static String describe(int errno) {
        return strerror(errno) + " (errno " + errno + ")";
    }

    /** True when mmap returned MAP_FAILED. */
    public static boolean failed(Pointer mapping) {
        return mapping == null || Pointer.nativeValue(mapping) == MAP_FAILED;
    }
}
