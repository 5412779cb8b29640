package io.isobench.reports.stats;

import io.isobench.reports.Synthetic;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RatioTest {
    static double[] sample(Synthetic s, int n, double mean, double cv) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = s.normal(mean, mean * cv);
        }
        return v;
    }

    @Test
    void aTenPercentSlowdownIsFoundAndPutInWords() {
        Synthetic s = new Synthetic(7);
        double[] bare = sample(s, 10, 100, 0.03);
        double[] container = sample(s, 10, 110, 0.03);
        Ratio r = Ratio.of(bare, container);
        assertTrue(r.significant());
        assertTrue(r.welchP() < 0.001, "welch " + r.welchP());
        assertTrue(r.mannWhitneyP() < 0.01, "mw " + r.mannWhitneyP());
        assertTrue(r.ci().contains(r.ratio()));
        assertTrue(r.ci().low() > 1.05 && r.ci().high() < 1.17, r.ci().toString());
        String v = Verdict.of("container", r, false, true);
        assertTrue(v.matches("container \\d+\\.\\d% slower, 95% CI \\d+\\.\\d–\\d+\\.\\d%"), v);
        // The same ratio on a higher-is-better figure is an improvement.
        assertTrue(Verdict.of("container", r, true, true).contains("faster"));
        assertTrue(Verdict.of("container", r, false, false).contains("more"));
    }

    @Test
    void sameDistributionReadsNoMeasurableDifference() {
        Synthetic s = new Synthetic(11);
        double[] a = sample(s, 10, 100, 0.03);
        double[] b = sample(s, 10, 100, 0.03);
        Ratio r = Ratio.of(a, b);
        assertFalse(r.significant(), r.toString());
        assertTrue(r.ci().contains(1.0));
        assertEquals("no measurable difference", Verdict.of("vm", r, false, true));
    }

    @Test
    void constantSamplesAndTooFewTrialsAreHandled() {
        Ratio same = Ratio.of(new double[]{5, 5, 5}, new double[]{5, 5, 5});
        assertEquals(1.0, same.welchP());
        assertFalse(same.significant());
        Ratio single = Ratio.of(new double[]{5}, new double[]{6});
        assertEquals("too few trials to compare", Verdict.of("vm", single, false, true));
        Ratio zero = Ratio.of(new double[]{0, 0}, new double[]{1, 2});
        assertEquals("no ratio (baseline is zero)", Verdict.of("vm", zero, false, false));
    }
}
