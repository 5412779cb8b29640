package io.isobench.harness.peers;

import java.util.Arrays;

/** One peer's measured start-to-exit times: median and 90th percentile (nearest rank), in ms. */
public record PeerResult(String name, double medianMs, double p90Ms, int runs) {

    public static PeerResult of(String name, double[] samplesMs) {
        if (samplesMs.length == 0) {
            throw new IllegalArgumentException("no samples for " + name);
        }
        double[] s = samplesMs.clone();
        Arrays.sort(s);
        double median = s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
        return new PeerResult(name, median, percentile(s, 0.90), s.length);
    }

    /** Nearest-rank percentile of sorted samples. */
    static double percentile(double[] sorted, double p) {
        int rank = (int) Math.ceil(p * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }
}
