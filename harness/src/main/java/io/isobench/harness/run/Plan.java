package io.isobench.harness.run;

import io.isobench.workloads.Workload;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Runtimes × workloads × trials, in a seeded random order that interleaves runtimes and
 * workloads, so drift (thermal, background load, page cache) spreads over all of them
 * instead of favouring whichever ran first. Warm-ups come first (shuffled the same way)
 * so every measured trial runs on a warmed-up host.
 */
public final class Plan {
    private Plan() {
    }

    public static List<PlannedTrial> of(List<String> runtimes, List<Workload> workloads, int trials, int warmups, long seed) {
        List<PlannedTrial> warm = new ArrayList<>();
        List<PlannedTrial> measured = new ArrayList<>();
        for (String r : runtimes) {
            for (Workload w : workloads) {
                for (int i = 1; i <= warmups; i++) {
                    warm.add(new PlannedTrial(r, w, i, true));
                }
                for (int i = 1; i <= trials; i++) {
                    measured.add(new PlannedTrial(r, w, i, false));
                }
            }
        }
        Random random = new Random(seed);
        Collections.shuffle(warm, random);
        Collections.shuffle(measured, random);
        List<PlannedTrial> all = new ArrayList<>(warm);
        all.addAll(measured);
        // Number each runtime/workload's trials in the order they run: #1 runs first.
        java.util.Map<String, Integer> counters = new java.util.HashMap<>();
        List<PlannedTrial> numbered = new ArrayList<>(all.size());
        for (PlannedTrial t : all) {
            int n = counters.merge(t.runtime() + " " + t.workload().id() + " " + t.warmup(), 1, Integer::sum);
            numbered.add(new PlannedTrial(t.runtime(), t.workload(), n, t.warmup()));
        }
        return numbered;
    }
}
