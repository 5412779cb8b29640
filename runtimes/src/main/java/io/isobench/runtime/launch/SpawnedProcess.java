package io.isobench.runtime.launch;

import com.sun.jna.Memory;
import com.sun.jna.Native;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A child started by {@link Spawn}: a {@link Process} like the JDK's, so callers need not know
 * how it was started. The exit status is decoded as the JDK does: the exit code, or 128 + the
 * signal that killed it.
 *
 * <p>Waiting: a thread that waits for the caller would add a hand-over between two threads to
 * every measured start, so a caller of {@code waitFor} waits itself, in {@code poll} on the
 * child's pidfd (in slices, to notice an interrupt), and reaps it. A pooled daemon thread also
 * waits, for {@link #onExit()} and for children nobody waits for (the JDK's own reaper only waits
 * for the children it started itself). Whoever sees the end first reaps, under this object's
 * lock; {@link #signal} takes the same lock, so no signal reaches a process that got this number
 * after ours was reaped.
 */
final class SpawnedProcess extends Process {
    /** Pooled, as the JDK pools its "process reaper" threads: no thread creation per start. */
    private static final ExecutorService REAPERS = Executors.newCachedThreadPool(task -> {
        Thread t = new Thread(task, "isobench-reaper");
        t.setDaemon(true);
        return t;
    });
    /** How long a waiting caller sleeps in poll before it looks at its interrupt flag again. */
    private static final int POLL_SLICE_MS = 100;

    private final int pid;
    private int pidfd;
    private final OutputStream stdin;
    private final InputStream stdout;
    private final InputStream stderr;
    private final CompletableFuture<Integer> exit = new CompletableFuture<>();

    SpawnedProcess(int pid, int pidfd, int stdinFd, int stdoutFd, int stderrFd) throws IOException {
        this.pid = pid;
        this.pidfd = pidfd;
        // The JDK has no public way to wrap a descriptor number in a stream; opening the pipe
        // again through /proc/self/fd gives a stream of our own on the same pipe (the caller
        // closes the original descriptor). The other end is still open here, so the open of a
        // pipe end never waits for a partner. Buffered as the JDK's own process streams are
        // (and FileInputStream.readAllBytes seeks, which a pipe refuses).
        this.stdin = stdinFd < 0 ? OutputStream.nullOutputStream()
                : new BufferedOutputStream(new FileOutputStream("/proc/self/fd/" + stdinFd));
        this.stdout = stdoutFd < 0 ? InputStream.nullInputStream()
                : new BufferedInputStream(new FileInputStream("/proc/self/fd/" + stdoutFd));
        this.stderr = stderrFd < 0 ? InputStream.nullInputStream()
                : new BufferedInputStream(new FileInputStream("/proc/self/fd/" + stderrFd));
        REAPERS.execute(this::reapWhenEnded);
    }

    /** The pooled thread's part: wait for the end without reaping ({@code WNOWAIT}), then reap. */
    private void reapWhenEnded() {
        Memory siginfo = new Memory(SpawnCalls.SIGINFO_BYTES);
        while (!exit.isDone()
                && SpawnCalls.waitid(SpawnCalls.P_PID, pid, siginfo, SpawnCalls.WEXITED | SpawnCalls.WNOWAIT) != 0) {
            if (Native.getLastError() != SpawnCalls.EINTR) {
                break; // ECHILD: a waiting caller reaped it already; reap() says so if nobody did
            }
        }
        reap(0);
    }

    /**
     * Reaps the child if it has ended ({@code options} 0 waits for it, {@code WNOHANG} does not);
     * true once the exit status is known.
     */
    private synchronized boolean reap(int options) {
        if (exit.isDone()) {
            return true;
        }
        int[] status = new int[1];
        int r;
        do {
            r = SpawnCalls.waitpid(pid, status, options);
        } while (r < 0 && Native.getLastError() == SpawnCalls.EINTR);
        if (r == 0) {
            return false;
        }
        // Nobody reads what is written after the end: close our end of stdin first, as the JDK
        // does (stdout and stderr stay open until the caller has read what is left in them).
        try {
            stdin.close();
        } catch (IOException e) {
            // a broken pipe on the last flush: the reader is gone, which is the point
        }
        if (pidfd >= 0) {
            SpawnCalls.close(pidfd);
            pidfd = -1;
        }
        if (r != pid) {
            exit.completeExceptionally(new UncheckedIOException(new IOException(
                    "waitpid " + pid + ": " + SpawnCalls.strerror(Native.getLastError()))));
            return true;
        }
        int s = status[0];
        int signal = s & 0x7f;
        exit.complete(signal == 0 ? (s >> 8) & 0xff : 128 + signal);
        return true;
    }

    /** Waits in this thread until the end or {@code deadlineNs}; true when ended. */
    private boolean await(long deadlineNs, boolean forever) throws InterruptedException {
        Memory pollfd = new Memory(8);
        while (!exit.isDone()) {
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            long left = deadlineNs - System.nanoTime();
            if (!forever && left <= 0) {
                return reap(SpawnCalls.WNOHANG);
            }
            int slice = forever ? POLL_SLICE_MS : (int) Math.min(POLL_SLICE_MS, (left + 999_999) / 1_000_000);
            int fd;
            synchronized (this) {
                fd = pidfd;
            }
            if (fd < 0) {
                // No pidfd (reaped meanwhile, or a kernel before 5.3): the pooled thread reaps.
                try {
                    exit.get(slice, TimeUnit.MILLISECONDS);
                } catch (TimeoutException | ExecutionException e) {
                    // looked at again at the top
                }
                continue;
            }
            pollfd.setInt(0, fd);
            pollfd.setShort(4, SpawnCalls.POLLIN);
            pollfd.setShort(6, (short) 0);
            if (SpawnCalls.poll(pollfd, 1, slice) > 0) {
                reap(SpawnCalls.WNOHANG);
            }
        }
        return true;
    }

    private int result() {
        try {
            return exit.get();
        } catch (ExecutionException e) {
            throw (RuntimeException) e.getCause();
        } catch (InterruptedException e) {
            throw new IllegalStateException("not reached: the exit status is known", e);
        }
    }

    @Override
    public OutputStream getOutputStream() {
        return stdin;
    }

    @Override
    public InputStream getInputStream() {
        return stdout;
    }

    @Override
    public InputStream getErrorStream() {
        return stderr;
    }

    @Override
    public int waitFor() throws InterruptedException {
        await(0, true);
        return result();
    }

    @Override
    public boolean waitFor(long timeout, TimeUnit unit) throws InterruptedException {
        if (!await(System.nanoTime() + unit.toNanos(timeout), false)) {
            return false;
        }
        result();
        return true;
    }

    @Override
    public int exitValue() {
        if (!exit.isDone()) {
            throw new IllegalThreadStateException("process " + pid + " has not exited");
        }
        return result();
    }

    @Override
    public void destroy() {
        signal(SpawnCalls.SIGTERM);
    }

    @Override
    public Process destroyForcibly() {
        signal(SpawnCalls.SIGKILL);
        return this;
    }

    /** Only while not yet reaped: after waitpid the number may belong to someone else. */
    private synchronized void signal(int sig) {
        if (!exit.isDone()) {
            SpawnCalls.kill(pid, sig);
        }
    }

    @Override
    public boolean supportsNormalTermination() {
        return true;
    }

    @Override
    public boolean isAlive() {
        return !exit.isDone();
    }

    @Override
    public long pid() {
        return pid;
    }

    @Override
    public CompletableFuture<Process> onExit() {
        return exit.thenApply(code -> this);
    }

    @Override
    public ProcessHandle toHandle() {
        return ProcessHandle.of(pid).orElseThrow(() -> new IllegalStateException("process " + pid + " is gone"));
    }
}
