package io.isobench.harness.density;

import io.isobench.runtime.FileTrees;
import io.isobench.runtime.Instance;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every instance started and not yet stopped, with the scratch directory density made for it
 * (if any), so that one stop path serves the ramp, a second Ctrl-C and an exit no handler sees
 * (SIGHUP, a crash: the shutdown hook of {@link DensityInterruption}).
 */
public final class LiveInstances {
    private final Map<Instance, Optional<Path>> live = new ConcurrentHashMap<>();

    /** @param scratch the instance's scratch directory, removed after it stopped; null for none */
    public void add(Instance i, Path scratch) {
        live.put(i, Optional.ofNullable(scratch));
    }

    /** Stops {@code i}, removes its cgroup and scratch directory, forgets it. */
    public void stop(Instance i) {
        i.stop();
        i.cgroup().close();
        Optional<Path> scratch = live.remove(i);
        if (scratch != null) {
            scratch.ifPresent(FileTrees::deleteQuietly);
        }
    }

    /** Stops every live instance; for emergencies (no figures kept). */
    public void stopAll() {
        new ArrayList<>(live.keySet()).forEach(this::stop);
    }

    public List<Instance> snapshot() {
        return new ArrayList<>(live.keySet());
    }
}
