package io.isobench.harness.peers;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Measures peers in one run: a few unmeasured warm-up runs each (page cache, first-use
 * costs), then the measured runs interleaved round-robin, so drift on a busy host spreads
 * over every peer instead of hurting whichever ran last. Before each measured run the
 * runner pauses briefly, so that no run profits from kernel state the previous one left
 * warm: above all a cgroup migration finds the kernel's cgroup lock still in its fast
 * state for one RCU grace period after the last migration, and a trial in a real run never
 * follows another one that closely.
 */
public final class PeerRunner {
    static final int WARMUPS = 2;
    static final long PAUSE_MS = 50;

    private final PrintStream progress;

    public PeerRunner(PrintStream progress) {
        this.progress = progress;
    }

    public PeerTable measure(List<Peer> peers, int runs, List<String> notes) {
        List<Peer> usable = new ArrayList<>();
        Map<String, String> skipped = new LinkedHashMap<>();
        for (Peer p : peers) {
            String why = p.unavailableReason();
            if (why == null) {
                try {
                    for (int i = 0; i < p.warmups(); i++) {
                        p.runMs();
                    }
                    usable.add(p);
                } catch (Exception e) {
                    skipped.put(p.name(), "does not work on this host: " + e.getMessage());
                }
            } else {
                skipped.put(p.name(), why);
            }
        }
        Map<Peer, double[]> samples = new LinkedHashMap<>();
        Map<Peer, Integer> counts = new LinkedHashMap<>();
        usable.forEach(p -> {
            samples.put(p, new double[p.runs(runs)]);
            counts.put(p, 0);
        });
        for (int round = 0; round < runs; round++) {
            for (Peer p : usable) {
                int n = counts.get(p);
                if (n >= samples.get(p).length || skipped.containsKey(p.name())) {
                    continue;
                }
                try {
                    Thread.sleep(PAUSE_MS);
                    samples.get(p)[n] = p.runMs();
                    counts.put(p, n + 1);
                } catch (Exception e) {
                    skipped.put(p.name(), "failed during the measurement: " + e.getMessage());
                }
            }
            if (progress != null && (round + 1) % 10 == 0) {
                progress.printf("isobench: peers: round %d of %d%n", round + 1, runs);
            }
        }
        List<PeerResult> results = new ArrayList<>();
        for (Peer p : usable) {
            if (!skipped.containsKey(p.name())) {
                results.add(PeerResult.of(p.name(), java.util.Arrays.copyOf(samples.get(p), counts.get(p))));
            }
        }
        return new PeerTable(results, skipped, notes);
    }
}
