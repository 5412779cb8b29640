package io.isobench.harness.run;

import io.isobench.runtime.cgroup.Cgroup;
import sun.misc.Signal;
import sun.misc.SignalHandler;

import java.io.IOException;
import java.io.PrintStream;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Ctrl-C (SIGINT) and SIGTERM during a run. The first signal stops the current trial by
 * killing its cgroup (the launcher then reports the end and the runner moves on), and asks
 * the runner to stop before the next trial, so the run ends normally: every finished trial
 * kept, summaries written, {@code interrupted: true}, exit 130. The runner thread is never
 * interrupted, because an interrupt would close trials.jsonl's channel mid-write. A second
 * signal is for a run that does not stop: kill the current cgroup again and exit 130 at once.
 * A shutdown hook covers the exits no handler sees (SIGHUP, System.exit elsewhere).
 */
public final class Interruption implements AutoCloseable {
    private final AtomicInteger signals = new AtomicInteger();
    private final AtomicReference<Cgroup> current = new AtomicReference<>();
    private final java.util.List<Runnable> beforeHalt = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final PrintStream err;
    private final SignalHandler oldInt;
    private final SignalHandler oldTerm;
    private final Thread hook;

    public Interruption(PrintStream err) {
        this.err = err;
        SignalHandler handler = this::onSignal;
        this.oldInt = Signal.handle(new Signal("INT"), handler);
        this.oldTerm = Signal.handle(new Signal("TERM"), handler);
        this.hook = new Thread(this::killCurrent, "isobench-cleanup");
        java.lang.Runtime.getRuntime().addShutdownHook(hook);
    }

    private void onSignal(Signal signal) {
        int n = signals.incrementAndGet();
        if (n == 1) {
            err.println();
            err.println("isobench: SIG" + signal.getName() + ": stopping the current trial, keeping the finished ones"
                    + " (again to quit at once)");
            killCurrent();
        } else {
            err.println("isobench: stopping now");
            killCurrent();
            Cgroup c = current.get();
            if (c != null) {
                c.close();
            }
            // halt() runs no shutdown hooks: what the run made on the host goes first.
            beforeHalt.forEach(Runnable::run);
            java.lang.Runtime.getRuntime().halt(130);
        }
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
        return signals.get() > 0;
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
        signals.incrementAndGet();
        killCurrent();
    }

    @Override
    public void close() {
        Signal.handle(new Signal("INT"), oldInt);
        Signal.handle(new Signal("TERM"), oldTerm);
        try {
            java.lang.Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // already running: it will do its job
        }
    }
}
