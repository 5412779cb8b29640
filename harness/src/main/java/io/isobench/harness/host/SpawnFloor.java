package io.isobench.harness.host;

import io.isobench.model.HostConditions.Condition;
import io.isobench.runtime.launch.NativeHelpers;
import io.isobench.runtime.launch.Spawn;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * The harness's own start floor: how long starting a static no-op and seeing it exit takes
 * from this JVM, with the mechanism every launcher is started with ({@link Spawn}). Every
 * trial's startup figures carry this floor; a startup difference between runtimes smaller
 * than it is not resolved. Measured, not read: a median of {@link #STARTS} starts after
 * {@link #WARMUPS} unrecorded ones (the first start loads the native calls).
 */
public final class SpawnFloor {
    static final int WARMUPS = 3;
    static final int STARTS = 21;
    /** Above this the floor is larger than the differences the startup workloads are meant to show. */
    static final double WARN_MS = 1.0;

    private final Path noop;

    public SpawnFloor(Path noop) {
        this.noop = noop;
    }

    /** With the static no-op isobench builds for its peers and probes. */
    public static SpawnFloor here() {
        return new SpawnFloor(NativeHelpers.get().path("noop"));
    }

    public Condition measure() {
        try {
            double[] ms = new double[STARTS];
            for (int i = -WARMUPS; i < STARTS; i++) {
                ProcessBuilder pb = new ProcessBuilder(noop.toString()).redirectInput(new File("/dev/null"))
                        .redirectOutput(new File("/dev/null")).redirectErrorStream(true);
                long t0 = System.nanoTime();
                int code = Spawn.start(pb).waitFor();
                long t1 = System.nanoTime();
                if (code != 0) {
                    return new Condition("spawn.floor", "unknown", "the no-op " + noop + " exited with " + code);
                }
                if (i >= 0) {
                    ms[i] = (t1 - t0) / 1e6;
                }
            }
            Arrays.sort(ms);
            double median = ms[STARTS / 2];
            String value = String.format(Locale.ROOT, "%.2f ms median of %d starts of a static no-op (min %.2f), %s",
                    median, STARTS, ms[0], Spawn.mechanism());
            return new Condition("spawn.floor", value, median > WARN_MS ? String.format(Locale.ROOT,
                    "starting a process from the harness takes %.2f ms (median): startup differences smaller than that"
                            + " are not resolved; fix: run on a quieter host", median) : null);
        } catch (IOException | RuntimeException e) {
            return new Condition("spawn.floor", "unknown", "the harness cannot start the no-op " + noop
                    + ": " + e.getMessage() + "; every trial's start would fail the same way");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Condition("spawn.floor", "unknown", null); // the run is being stopped
        }
    }
}
