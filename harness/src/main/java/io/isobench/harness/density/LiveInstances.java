package io.isobench.harness.density;

import io.isobench.runtime.Instance;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every instance started and not yet stopped, so that a second Ctrl-C or an exit no handler
 * sees (SIGHUP, a crash) still takes them all down (the shutdown hook of
 * {@link DensityInterruption}).
 */
public final class LiveInstances {
    private final Set<Instance> live = ConcurrentHashMap.newKeySet();

    public void add(Instance i) {
        live.add(i);
    }

    public void remove(Instance i) {
        live.remove(i);
    }

    /** Stops every live instance and removes its cgroup; for emergencies (no figures kept). */
    public void stopAll() {
        for (Instance i : new ArrayList<>(live)) {
            i.stop();
            i.cgroup().close();
            live.remove(i);
        }
    }

    public List<Instance> snapshot() {
        return new ArrayList<>(live);
    }
}
