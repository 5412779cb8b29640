package io.isobench.harness.run;

import sun.misc.Signal;
import sun.misc.SignalHandler;

import java.io.PrintStream;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The two-signal protocol every long command shares (run, density). The first SIGINT or
 * SIGTERM asks the command to end normally, keeping what it measured; a second one is for a
 * command that does not stop: it cleans up what must not outlive the JVM and halts with 130
 * at once. A shutdown hook covers the exits no handler sees (SIGHUP, a crash elsewhere).
 * The handlers and the hook are removed again by {@link #close()}.
 */
public final class SignalWatch implements AutoCloseable {
    private final AtomicInteger signals = new AtomicInteger();
    private final PrintStream err;
    private final String firstMessage;
    private final Runnable onFirst;
    private final Runnable beforeHalt;
    private final SignalHandler oldInt;
    private final SignalHandler oldTerm;
    private final Thread hook;

    /**
     * @param firstMessage what the first signal does, e.g. "stopping the current trial"
     * @param onFirst      run on the first signal (and on {@link #request()})
     * @param beforeHalt   run on the second signal, before the JVM halts without its hooks
     * @param onExit       the shutdown hook's work
     */
    public SignalWatch(PrintStream err, String firstMessage, Runnable onFirst, Runnable beforeHalt,
                       Runnable onExit, String hookName) {
        this.err = err;
        this.firstMessage = firstMessage;
        this.onFirst = onFirst;
        this.beforeHalt = beforeHalt;
        SignalHandler handler = this::onSignal;
        this.oldInt = Signal.handle(new Signal("INT"), handler);
        this.oldTerm = Signal.handle(new Signal("TERM"), handler);
        this.hook = new Thread(onExit, hookName);
        java.lang.Runtime.getRuntime().addShutdownHook(hook);
    }

    private void onSignal(Signal signal) {
        if (signals.incrementAndGet() == 1) {
            err.println();
            err.println("isobench: SIG" + signal.getName() + ": " + firstMessage + " (again to quit at once)");
            onFirst.run();
        } else {
            err.println("isobench: stopping now");
            beforeHalt.run();
            // halt() runs no shutdown hooks: beforeHalt did what they would have.
            java.lang.Runtime.getRuntime().halt(130);
        }
    }

    /** Whether a signal (or {@link #request()}) asked the command to end. */
    public boolean requested() {
        return signals.get() > 0;
    }

    /** A first signal without a signal: for tests and callers that stop a command themselves. */
    public void request() {
        signals.incrementAndGet();
        onFirst.run();
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
