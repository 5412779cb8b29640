package io.isobench.runtime.launch;

import com.sun.jna.Memory;
import com.sun.jna.Native;

import java.io.File;
import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Starts the processes whose start is measured (launchers, the bare exec peer) with glibc's
 * {@code posix_spawn} called from this JVM, instead of {@link ProcessBuilder#start()}.
 *
 * <p>Why: the JDK's default mechanism posix_spawns {@code jspawnhelper}, which then sets up the
 * descriptors and execs the real program — two execs and a dynamic link per start, about 2 ms
 * on the development VM, a floor under every trial's startup that is larger than some
 * differences between runtimes. glibc's posix_spawn is one {@code clone(CLONE_VM|CLONE_VFORK)}
 * on a small stack plus the program's exec: no copy of the JVM's page tables, no second exec.
 * The JDK's own {@code VFORK} mechanism would be as fast, but it is deprecated and hung in the
 * nested rig; posix_spawn blocks every signal in the child until the exec and resets their
 * handlers, which is what makes it safe inside a multi-threaded JVM.
 *
 * <p>Same contract as {@link ProcessBuilder#start()} for what isobench uses: the command looked
 * up on PATH, directory, complete environment, and each of stdin/stdout/stderr as a pipe,
 * inherited, or a file; errors merged. The child gets descriptors 0-2 only (every other one is
 * closed in the child), an empty signal mask and default signal handlers. Where the calls are
 * missing (glibc older than 2.34, JNA unavailable) it falls back to ProcessBuilder, and
 * {@link #mechanism()} says which one a run used.
 */
public final class Spawn {
    private static final String FALLBACK_REASON = loadCalls();

    private Spawn() {
    }

    /** Which mechanism {@link #start} uses in this JVM, for the report's methodology. */
    public static String mechanism() {
        return FALLBACK_REASON == null ? "posix_spawn (glibc, one exec)"
                : "ProcessBuilder (jspawnhelper, two execs: " + FALLBACK_REASON + ")";
    }

    /** Starts {@code pb}'s command as {@link ProcessBuilder#start()} would. */
    public static Process start(ProcessBuilder pb) throws IOException {
        if (FALLBACK_REASON != null) {
            return pb.start();
        }
        List<Integer> toClose = new ArrayList<>();
        Memory actions = new Memory(SpawnCalls.ACTIONS_BYTES);
        check(SpawnCalls.posix_spawn_file_actions_init(actions), "posix_spawn_file_actions_init");
        try {
            int stdin = redirect(actions, 0, pb.redirectInput(), toClose);
            int stdout = redirect(actions, 1, pb.redirectOutput(), toClose);
            int stderr = -1;
            if (pb.redirectErrorStream()) {
                check(SpawnCalls.posix_spawn_file_actions_adddup2(actions, 1, 2), "adddup2");
            } else {
                stderr = redirect(actions, 2, pb.redirectError(), toClose);
            }
            check(SpawnCalls.posix_spawn_file_actions_addclosefrom_np(actions, 3), "addclosefrom_np");
            if (pb.directory() != null) {
                check(SpawnCalls.posix_spawn_file_actions_addchdir_np(actions, pb.directory().getPath()), "addchdir_np");
            }
            List<String> command = pb.command();
            List<String> env = new ArrayList<>();
            for (Map.Entry<String, String> e : pb.environment().entrySet()) {
                env.add(e.getKey() + "=" + e.getValue());
            }
            int[] pid = new int[1];
            int err = SpawnCalls.posix_spawnp(pid, command.get(0), actions, Attributes.SIGNALS_RESET,
                    NativeStrings.of(command), NativeStrings.of(env));
            if (err != 0) {
                throw new IOException("Cannot run program \"" + command.get(0) + "\""
                        + (pb.directory() == null ? "" : " (in directory \"" + pb.directory() + "\")")
                        + ": error=" + err + ", " + SpawnCalls.strerror(err));
            }
            try {
                // Closed on exec by the kernel's default for pidfds; -1 on a kernel before 5.3.
                int pidfd = SpawnCalls.pidfd_open(pid[0], 0);
                return new SpawnedProcess(pid[0], pidfd, stdin, stdout, stderr);
            } catch (IOException e) {
                // No stream to talk to it: it must not run on alone, nor stay a zombie.
                SpawnCalls.kill(pid[0], SpawnCalls.SIGKILL);
                SpawnCalls.waitpid(pid[0], new int[1], 0);
                throw e;
            }
        } finally {
            // The parent's ends were reopened as Java streams by SpawnedProcess; the child has its copies.
            for (int fd : toClose) {
                SpawnCalls.close(fd);
            }
            SpawnCalls.posix_spawn_file_actions_destroy(actions);
        }
    }

    /**
     * The spawn attributes, the same for every start, so made once: an empty signal mask in the
     * child and every signal's handler reset to the default before the exec.
     */
    private static final class Attributes {
        static final Memory SIGNALS_RESET = make();

        private static Memory make() {
            Memory attr = new Memory(SpawnCalls.ATTR_BYTES);
            Memory sigset = new Memory(SpawnCalls.SIGSET_BYTES);
            try {
                check(SpawnCalls.posix_spawnattr_init(attr), "posix_spawnattr_init");
                SpawnCalls.sigemptyset(sigset);
                check(SpawnCalls.posix_spawnattr_setsigmask(attr, sigset), "setsigmask");
                SpawnCalls.sigfillset(sigset);
                check(SpawnCalls.posix_spawnattr_setsigdefault(attr, sigset), "setsigdefault");
                check(SpawnCalls.posix_spawnattr_setflags(attr,
                        (short) (SpawnCalls.POSIX_SPAWN_SETSIGMASK | SpawnCalls.POSIX_SPAWN_SETSIGDEF)), "setflags");
            } catch (IOException e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
            return attr;
        }
    }

    /**
     * One standard descriptor's file action. Returns the parent's end of the pipe for
     * {@link Redirect#PIPE}, -1 otherwise. Every descriptor created here is listed in
     * {@code toClose}.
     */
    private static int redirect(Memory actions, int fd, Redirect r, List<Integer> toClose) throws IOException {
        switch (r.type()) {
            case INHERIT:
                return -1;
            case PIPE: {
                int[] pipe = new int[2];
                if (SpawnCalls.pipe2(pipe, SpawnCalls.O_CLOEXEC) != 0) {
                    throw new IOException("pipe2: " + SpawnCalls.strerror(Native.getLastError()));
                }
                toClose.add(pipe[0]);
                toClose.add(pipe[1]);
                // stdin: the child reads, the parent writes; stdout, stderr: the other way round.
                check(SpawnCalls.posix_spawn_file_actions_adddup2(actions, fd == 0 ? pipe[0] : pipe[1], fd), "adddup2");
                return fd == 0 ? pipe[1] : pipe[0];
            }
            case READ:
                return open(actions, fd, r.file(), SpawnCalls.O_RDONLY);
            case WRITE:
                return open(actions, fd, r.file(), SpawnCalls.O_WRONLY | SpawnCalls.O_CREAT | SpawnCalls.O_TRUNC);
            case APPEND:
                return open(actions, fd, r.file(), SpawnCalls.O_WRONLY | SpawnCalls.O_CREAT | SpawnCalls.O_APPEND);
            default:
                throw new IOException("unsupported redirect " + r);
        }
    }

    /** The child opens the file itself; the parent keeps nothing: -1. */
    private static int open(Memory actions, int fd, File file, int flags) throws IOException {
        check(SpawnCalls.posix_spawn_file_actions_addopen(actions, fd, file.getPath(), flags, 0644), "addopen " + file);
        return -1;
    }

    private static void check(int err, String what) throws IOException {
        if (err != 0) {
            throw new IOException("posix_spawn " + what + ": " + SpawnCalls.strerror(err));
        }
    }

    /** Null when the native calls bind, else why not (they are all bound when the class loads). */
    private static String loadCalls() {
        if ("jdk".equals(System.getProperty("isobench.spawn"))) {
            return "asked for with -Disobench.spawn=jdk";
        }
        try {
            Class.forName(SpawnCalls.class.getName(), true, Spawn.class.getClassLoader());
            return null;
        } catch (LinkageError | ClassNotFoundException e) {
            return "posix_spawn cannot be bound: " + e.getMessage();
        }
    }
}
