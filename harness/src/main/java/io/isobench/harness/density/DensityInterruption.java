package io.isobench.harness.density;

import io.isobench.harness.run.SignalWatch;

import java.io.PrintStream;

/**
 * Ctrl-C (SIGINT) and SIGTERM during {@code isobench density} ({@link SignalWatch}). The
 * first signal only asks the ramp to end: it stops starting instances, stops those it has
 * (measuring the stop), writes the figures so far and exits 130. A second signal stops every
 * live instance at once and exits 130 without writing. The shutdown hook stops whatever is
 * still live on any other exit.
 */
public final class DensityInterruption implements AutoCloseable {
    private final SignalWatch watch;

    public DensityInterruption(LiveInstances live, PrintStream err) {
        this.watch = new SignalWatch(err, "ending the ramp, stopping every instance, keeping the figures so far",
                () -> { }, live::stopAll, live::stopAll, "isobench-density-cleanup");
    }

    public boolean requested() {
        return watch.requested();
    }

    @Override
    public void close() {
        watch.close();
    }
}
