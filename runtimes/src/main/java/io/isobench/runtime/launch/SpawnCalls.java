package io.isobench.runtime.launch;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;

/**
 * The libc calls {@link Spawn} needs: glibc's {@code posix_spawn} family, pipes, waiting and
 * signals, bound with JNA direct mapping. {@code posix_spawn*} functions return an error
 * number instead of setting errno; the others return -1 and leave errno in
 * {@link Native#getLastError()}.
 */
final class SpawnCalls {
    /** sizeof(posix_spawn_file_actions_t) and sizeof(posix_spawnattr_t) on x86-64 glibc are 80 and 336; room to spare. */
    static final int ACTIONS_BYTES = 128;
    static final int ATTR_BYTES = 512;
    static final int SIGSET_BYTES = 128;
    static final short POSIX_SPAWN_SETSIGDEF = 0x04;
    static final short POSIX_SPAWN_SETSIGMASK = 0x08;
    static final int O_RDONLY = 0;
    static final int O_WRONLY = 1;
    static final int O_CREAT = 0x40;
    static final int O_TRUNC = 0x200;
    static final int O_APPEND = 0x400;
    static final int O_CLOEXEC = 0x80000;
    static final int EINTR = 4;
    static final int P_PID = 1;
    static final int WEXITED = 4;
    static final int WNOWAIT = 0x01000000;
    static final int SIGINFO_BYTES = 128;
    static final int WNOHANG = 1;
    static final short POLLIN = 0x1;
    static final int SIGKILL = 9;
    static final int SIGTERM = 15;

    static {
        Native.register(SpawnCalls.class, NativeLibrary.getInstance("c"));
    }

    private SpawnCalls() {
    }

    static native int posix_spawnp(int[] pid, String file, Pointer fileActions, Pointer attr, Pointer argv, Pointer envp);

    static native int posix_spawn_file_actions_init(Pointer actions);

    static native int posix_spawn_file_actions_destroy(Pointer actions);

    static native int posix_spawn_file_actions_adddup2(Pointer actions, int fd, int newFd);

    static native int posix_spawn_file_actions_addopen(Pointer actions, int fd, String path, int flags, int mode);

    /** glibc 2.29+: the child's working directory. */
    static native int posix_spawn_file_actions_addchdir_np(Pointer actions, String path);

    /** glibc 2.34+: close every descriptor from {@code from} up in the child. */
    static native int posix_spawn_file_actions_addclosefrom_np(Pointer actions, int from);

    static native int posix_spawnattr_init(Pointer attr);

    static native int posix_spawnattr_destroy(Pointer attr);

    static native int posix_spawnattr_setflags(Pointer attr, short flags);

    static native int posix_spawnattr_setsigmask(Pointer attr, Pointer sigset);

    static native int posix_spawnattr_setsigdefault(Pointer attr, Pointer sigset);

    static native int sigemptyset(Pointer set);

    static native int sigfillset(Pointer set);

    static native int pipe2(int[] fds, int flags);

    static native int close(int fd);

    static native int waitid(int idType, int id, Pointer siginfo, int options);

    static native int waitpid(int pid, int[] status, int options);

    static native int kill(int pid, int sig);

    /** glibc 2.36+ (Linux 5.3+): a descriptor that becomes readable when the process ends. */
    static native int pidfd_open(int pid, int flags);

    static native int poll(Pointer fds, long nfds, int timeoutMs);

    static native String strerror(int errnum);
}
