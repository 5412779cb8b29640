package io.isobench.harness.density;

import sun.misc.Signal;
import sun.misc.SignalHandler;

import java.io.PrintStream;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Ctrl-C (SIGINT) and SIGTERM during {@code isobench density}. The first signal only asks
 * the ramp to end: it stops starting instances, stops those it has (measuring the stop),
 * writes the figures so far and exits 130. A second signal stops every live instance at
 * once and exits 130 without writing. A shutdown hook stops whatever is still live on any
 * other exit.
 */
public final class DensityInterruption implements AutoCloseable {
    private final AtomicInteger signals = new AtomicInteger();
    private final LiveInstances live;
    private final PrintStream err;
    private final SignalHandler oldInt;
    private final SignalHandler oldTerm;
    private final Thread hook;

    public DensityInterruption(LiveInstances live, PrintStream err) {
        this.live = live;
        this.err = err;
        SignalHandler handler = this::onSignal;
        this.oldInt = Signal.handle(new Signal("INT"), handler);
        this.oldTerm = Signal.handle(new Signal("TERM"), handler);
        this.hook = new Thread(live::stopAll, "isobench-density-cleanup");
        java.lang.Runtime.getRuntime().addShutdownHook(hook);
    }

    private void onSignal(Signal signal) {
        if (signals.incrementAndGet() == 1) {
            err.println();
            err.println("isobench: SIG" + signal.getName() + ": ending the ramp, stopping every instance, keeping the figures"
                    + " so far (again to quit at once)");
        } else {
            err.println("isobench: stopping now");
            live.stopAll();
            java.lang.Runtime.getRuntime().halt(130);
        }
    }

    public boolean requested() {
        return signals.get() > 0;
    }

    @Override
    public void close() {
        Signal.handle(new Signal("INT"), oldInt);
        Signal.handle(new Signal("TERM"), oldTerm);
        try {
            java.lang.Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs anyway
        }
    }
}
