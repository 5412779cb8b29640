package io.isobench.reports;

import io.isobench.model.Results;
import io.isobench.reports.analysis.Analysis;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** One run that goes into a report, under the label its column carries (the host, or the run when hosts repeat). */
public record Source(String label, Results results, Analysis analysis) {
    public static Source of(String label, Results results) {
        return new Source(label, results, Analysis.of(results.trials(),
                results.config() == null ? null : results.config().adaptive()));
    }

    /**
     * Labels for several runs: the hostname, and when two runs share a host, the hostname
     * with the run's start time (then a counter) so every column is told apart.
     */
    public static List<Source> labelled(List<Results> runs) {
        Map<String, Integer> hosts = new HashMap<>();
        for (Results r : runs) {
            hosts.merge(host(r), 1, Integer::sum);
        }
        List<Source> out = new ArrayList<>();
        List<String> used = new ArrayList<>();
        for (Results r : runs) {
            String label = host(r);
            if (hosts.get(label) > 1) {
                // The start time to the second tells runs of one host apart and stays short.
                String at = r.startedAt() == null ? "" : r.startedAt();
                label = label + " " + (at.length() >= 19 ? at.substring(0, 19).replace('T', ' ') : at);
            }
            String unique = label.strip();
            for (int i = 2; used.contains(unique); i++) {
                unique = label.strip() + " #" + i;
            }
            used.add(unique);
            out.add(of(unique, r));
        }
        return out;
    }

    private static String host(Results r) {
        return r.host() == null || r.host().hostname() == null ? "unknown host" : r.host().hostname();
    }

    /** What a reader must see: the host's noise sources first (they explain the rest), then the analysis's warnings. */
    public List<String> warnings() {
        List<String> all = new ArrayList<>(io.isobench.reports.analysis.HostWarnings.of(results.conditions()));
        all.addAll(analysis.warnings());
        return all;
    }
}
