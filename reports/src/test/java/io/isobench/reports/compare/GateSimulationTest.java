package io.isobench.reports.compare;

import io.isobench.model.Metric;
import io.isobench.model.Results;
import io.isobench.model.Status;
import io.isobench.model.Trial;
import io.isobench.reports.Synthetic;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The gate's error rates, measured by seeded simulation: pairs of runs drawn from the same
 * distribution (false alarms) and from distributions 10% apart (detection). The rates
 * printed here are the ones docs/reports.md quotes.
 */
class GateSimulationTest {
    static final int PAIRS = 4000;
    static final double ALPHA = 0.05;

    /** One run: n trials of one metric ~ N(mean, mean*cv); the harness figures are absent (zero), so only the metric is checked. */
    static Results run(Synthetic s, int n, double mean, double cv, boolean higherIsBetter) {
        List<Trial> trials = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            trials.add(new Trial("bare", "cpu.sim", i, false, Status.OK, null, null, null,
                    List.of(new Metric("score", s.normal(mean, mean * cv), higherIsBetter ? "ops/s" : "ms", null, higherIsBetter)), null, null));
        }
        return new Results(Results.SCHEMA, null, null, false, null, null, trials, List.of());
    }

    /** Fraction of pairs with the given outcome. */
    static double rate(long seed, int n, double cv, double shift, boolean higherIsBetter, double threshold, Outcome outcome) throws Exception {
        Synthetic s = new Synthetic(seed);
        Gate gate = new Gate(threshold, ALPHA);
        int hits = 0;
        for (int i = 0; i < PAIRS; i++) {
            Results base = run(s, n, 100, cv, higherIsBetter);
            Results current = run(s, n, 100 * shift, cv, higherIsBetter);
            GateReport r = gate.compare(base, current);
            assertEquals(1, r.checks().size());
            if (r.checks().get(0).outcome() == outcome) {
                hits++;
            }
        }
        return hits / (double) PAIRS;
    }

    static void print(String what, double rate) {
        System.out.printf(Locale.ROOT, "gate simulation: %-75s %.4f%n", what, rate);
    }

    @Test
    void sameDistributionFlagsAtMostAlpha() throws Exception {
        double sig = rate(1, 10, 0.03, 1.0, false, 0, Outcome.REGRESSION);
        print("same distribution, n=10, cv 3%, threshold 0%: regression rate", sig);
        assertTrue(sig <= ALPHA, "false regressions " + sig);
        double any = sig + rate(1, 10, 0.03, 1.0, false, 0, Outcome.IMPROVEMENT);
        print("same distribution, n=10, cv 3%, threshold 0%: any flag (two-sided)", any);
        assertTrue(any <= ALPHA + 0.01, "false flags " + any);
        double small = rate(2, 3, 0.03, 1.0, false, 0, Outcome.REGRESSION);
        print("same distribution, n=3, cv 3%, threshold 0%: regression rate", small);
        assertTrue(small <= ALPHA, "false regressions at n=3: " + small);
        double withThreshold = rate(3, 10, 0.03, 1.0, false, 5, Outcome.REGRESSION);
        print("same distribution, n=10, cv 3%, threshold 5%: regression rate", withThreshold);
        assertTrue(withThreshold <= 0.001, "false regressions with the default threshold: " + withThreshold);
        double noisy = rate(4, 10, 0.10, 1.0, false, 5, Outcome.REGRESSION);
        print("same distribution, n=10, cv 10%, threshold 5%: regression rate", noisy);
        assertTrue(noisy <= ALPHA, "false regressions, noisy: " + noisy);
    }

    @Test
    void aTenPercentRegressionIsDetectedWithTenTrialsAtThreePercentNoise() throws Exception {
        double slower = rate(5, 10, 0.03, 1.10, false, 5, Outcome.REGRESSION);
        print("10% slower (lower is better), n=10, cv 3%, threshold 5%: detection rate", slower);
        assertTrue(slower >= 0.95, "detected " + slower);
        double lessThroughput = rate(6, 10, 0.03, 0.90, true, 5, Outcome.REGRESSION);
        print("10% less throughput (higher is better), n=10, cv 3%, threshold 5%: detection rate", lessThroughput);
        assertTrue(lessThroughput >= 0.95, "detected " + lessThroughput);
        double improvement = rate(7, 10, 0.03, 0.90, false, 5, Outcome.REGRESSION);
        print("10% faster (lower is better), n=10, cv 3%, threshold 5%: regression rate", improvement);
        assertEquals(0.0, improvement, "an improvement is never a regression");
    }
}
