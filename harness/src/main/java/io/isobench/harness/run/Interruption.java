package io.isobench.harness.run;

import io.isobench.runtime.cgroup.Cgroup;

import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Ctrl-C (SIGINT) and SIGTERM during a run ({@link SignalWatch}). The first signal stops the
 * current trial by killing its cgroup (the launcher then reports the end and the runner moves
 * on), and asks the runner to stop before the next trial, so the run ends normally: every
 * finished trial kept, summaries written, {@code interrupted: true}, exit 130. The runner
 * thread is never interrupted, because an interrupt would close trials.jsonl's channel
 * mid-write. A second signal kills the current cgroup again, removes it and what was
 * registered with {@link #beforeHalt}, and exits 130 at once.
 */
public final class Interruption implements AutoCloseable {
    private final AtomicReference<Cgroup> current = new AtomicReference<>();
    private final List<Runnable> beforeHalt = new CopyOnWriteArrayList<>();
    private final PrintStream err;
    private final SignalWatch watch;

    public Interruption(PrintStream err) {
        this.err = err;
        this.watch = new SignalWatch(err, "stopping the current trial, keeping the finished ones",
                this::killCurrent, this::stopNow, this::killCurrent, "isobench-cleanup");
    }

    private void stopNow() {
        killCurrent();
        Cgroup c = current.get();
        if (c != null) {
            c.close();
        }
        beforeHalt.forEach(Runnable::run);
    }

    private void killCurrent() {
        Cgroup c = current.get();
        if (c != null) {
            try {
                c.killAll();
            } catch (IOException e) {
                err.println("isobench: " + e.getMessage());
            }
        }
    }

    public boolean requested() {
        return watch.requested();
    }

    /** The cgroup of the trial running now (null between trials). */
    public void current(Cgroup cgroup) {
        current.set(cgroup);
    }

    /** Cleanup that must run even when a second signal halts the JVM at once (e.g. the far end). */
    public void beforeHalt(Runnable cleanup) {
        beforeHalt.add(cleanup);
    }

    /** For tests and callers that stop a run without a signal. */
    public void request() {
        watch.request();
    }

    @Override
    public void close() {
        watch.close();
    }
}
