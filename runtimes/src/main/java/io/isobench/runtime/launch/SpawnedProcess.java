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
 * how it was started. A daemon thread waits for it with {@code waitpid} (the JDK's own reaper
 * only waits for the children it started itself) and decodes the status as the JDK does:
 * the exit code, or 128 + the signal that killed it.
 */
final class SpawnedProcess extends Process {
    /**
     * Waiting threads are kept for reuse, as the JDK keeps its "process reaper" threads: a new
     * thread per start would cost a thread creation on the measured path.
     */
    private static final ExecutorService REAPERS = Executors.newCachedThreadPool(task -> {
        Thread t = new Thread(task, "isobench-reaper");
        t.setDaemon(true);
        return t;
    });

    private final int pid;
    private final OutputStream stdin;
    private final InputStream stdout;
    private final InputStream stderr;
    private final CompletableFuture<Integer> exit = new CompletableFuture<>();

    SpawnedProcess(int pid, int stdinFd, int stdoutFd, int stderrFd) throws IOException {
        this.pid = pid;
        // The JDK has no public way to wrap a descriptor number in a stream; opening the pipe
        // again through /proc/self/fd gives a stream of our own on the same pipe (the caller
        // closes the original descriptor). The other end is still open here, so the open of a
        // pipe end never waits for a partner.
        // Buffered as the JDK's own process streams are (and FileInputStream.readAllBytes
        // seeks, which a pipe refuses).
        this.stdin = stdinFd < 0 ? OutputStream.nullOutputStream()
                : new BufferedOutputStream(new FileOutputStream("/proc/self/fd/" + stdinFd));
        this.stdout = stdoutFd < 0 ? InputStream.nullInputStream()
                : new BufferedInputStream(new FileInputStream("/proc/self/fd/" + stdoutFd));
        this.stderr = stderrFd < 0 ? InputStream.nullInputStream()
                : new BufferedInputStream(new FileInputStream("/proc/self/fd/" + stderrFd));
        REAPERS.execute(this::reap);
    }

    /**
     * Waits for the end without reaping ({@code WNOWAIT}), then reaps under this object's lock:
     * {@link #signal} takes the same lock, so a signal never reaches a process that got this
     * number after ours was reaped.
     */
    private void reap() {
        Memory siginfo = new Memory(SpawnCalls.SIGINFO_BYTES);
        int[] status = new int[1];
        while (SpawnCalls.waitid(SpawnCalls.P_PID, pid, siginfo, SpawnCalls.WEXITED | SpawnCalls.WNOWAIT) != 0) {
            if (Native.getLastError() != SpawnCalls.EINTR) {
                exit.completeExceptionally(new UncheckedIOException(new IOException(
                        "waitid " + pid + ": " + SpawnCalls.strerror(Native.getLastError()))));
                return;
            }
        }
        synchronized (this) {
            while (SpawnCalls.waitpid(pid, status, 0) != pid) {
                if (Native.getLastError() != SpawnCalls.EINTR) {
                    exit.completeExceptionally(new UncheckedIOException(new IOException(
                            "waitpid " + pid + ": " + SpawnCalls.strerror(Native.getLastError()))));
                    return;
                }
            }
            // Nobody reads what is written after the end: close our end of stdin first, as the
            // JDK does (stdout and stderr stay open until the caller has read what is left).
            try {
                stdin.close();
            } catch (IOException e) {
                // a broken pipe on the last flush: the reader is gone, which is the point
            }
            int s = status[0];
            int signal = s & 0x7f;
            exit.complete(signal == 0 ? (s >> 8) & 0xff : 128 + signal);
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
        try {
            return exit.get();
        } catch (ExecutionException e) {
            throw (RuntimeException) e.getCause();
        }
    }

    @Override
    public boolean waitFor(long timeout, TimeUnit unit) throws InterruptedException {
        try {
            exit.get(timeout, unit);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            throw (RuntimeException) e.getCause();
        }
    }

    @Override
    public int exitValue() {
        Integer code = exit.getNow(null);
        if (code == null) {
            throw new IllegalThreadStateException("process " + pid + " has not exited");
        }
        return code;
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
