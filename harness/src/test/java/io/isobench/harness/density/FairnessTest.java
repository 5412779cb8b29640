package io.isobench.harness.density;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class FairnessTest {

    @Test
    void jainIsOneForEqualSharesAndOneOverNWhenOneGetsAll() {
        assertEquals(1.0, Fairness.jain(List.of(5L, 5L, 5L, 5L)), 1e-12);
        assertEquals(0.25, Fairness.jain(List.of(9L, 0L, 0L, 0L)), 1e-12);
        // (1+3)^2 / (2 * (1+9)) = 0.8
        assertEquals(0.8, Fairness.jain(List.of(1L, 3L)), 1e-12);
    }

    @Test
    void undefinedWithoutCpuTime() {
        assertNull(Fairness.jain(List.of(0L, 0L)));
        assertNull(Fairness.jain(List.of()));
    }
}
