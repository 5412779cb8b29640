package io.isobench.reports.stats;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DistributionTest {
    @Test
    void describesASampleWithItsSpread() {
        double[] v = {10, 12, 11, 13, 9, 11, 10, 12};
        Distribution d = Distribution.of(v);
        assertEquals(8, d.n());
        assertEquals(11.0, d.mean(), 1e-12);
        assertEquals(11.0, d.median(), 1e-12);
        assertEquals(9, d.min());
        assertEquals(13, d.max());
        // sample sd: sum of squares 12 over 7
        assertEquals(Math.sqrt(12.0 / 7), d.stddev(), 1e-12);
        // t(0.975, 7) = 2.364624
        double half = 2.364624 * Math.sqrt(12.0 / 7) / Math.sqrt(8);
        assertEquals(11 - half, d.meanCi().low(), 1e-5);
        assertEquals(11 + half, d.meanCi().high(), 1e-5);
        assertTrue(d.medianCi().low() <= 11 && 11 <= d.medianCi().high(), d.medianCi().toString());
        assertTrue(d.outliers().isEmpty());
    }

    @Test
    void flagsTukeyOutliersWithoutDroppingThem() {
        double[] v = {10, 10.5, 9.8, 10.2, 10.1, 9.9, 10.3, 30};
        Distribution d = Distribution.of(v);
        assertEquals(List.of(30.0), d.outliers());
        assertEquals(8, d.n(), "an outlier is flagged, never dropped");
        assertTrue(d.mean() > 12);
    }

    @Test
    void bootstrapIsSeededByTheDataSoReportsAreReproducible() {
        double[] v = {5, 7, 6, 9, 5.5, 6.5, 8, 7.2, 6.1, 5.9};
        double[] shuffled = {9, 5, 7.2, 6, 5.9, 7, 6.5, 8, 6.1, 5.5};
        assertEquals(Bootstrap.median(v), Bootstrap.median(v));
        assertEquals(Bootstrap.median(v), Bootstrap.median(shuffled), "order of trials must not change the interval");
        double[] other = v.clone();
        other[0] = 5.01;
        assertFalse(Bootstrap.seed(v) == Bootstrap.seed(other));
    }

    @Test
    void singleTrialHasNoIntervals() {
        Distribution d = Distribution.of(new double[]{4});
        assertEquals(4, d.mean());
        assertFalse(d.meanCi().known());
        assertFalse(d.medianCi().known());
        assertTrue(Double.isNaN(d.cv()));
    }

    @Test
    void noiseAdviceGrowsWithTheSquareOfTheSpread() {
        // 2 * (1.96 + 0.84)^2 * 0.1^2 / 0.05^2 = 62.8
        assertEquals(63, Noise.trialsNeeded(0.10, 0.05));
        assertEquals(16, Noise.trialsNeeded(0.05, 0.05));
        assertTrue(Noise.tooNoisy(0.2));
        assertFalse(Noise.tooNoisy(0.03));
    }
}
