package io.isobench.harness.fidelity;

import io.isobench.workloads.Length;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class FidelityRowTest {
    private static final Counterpart SAME = Counterparts.standard(Length.QUICK).get(0);
    private static final Counterpart NEAREST = Counterparts.standard(Length.QUICK).get(4);

    @Test
    void overlappingRangesAreWithinNoiseAndSeparateOnesDiffer() {
        FidelityRow close = new FidelityRow(SAME, List.of(100.0, 104.0, 98.0), List.of(103.0, 106.0, 105.0), null);
        assertEquals("within noise", close.verdict());
        assertEquals(100.0 / 105.0, close.ratio(), 1e-12);
        FidelityRow apart = new FidelityRow(SAME, List.of(68.0, 70.0, 69.0), List.of(100.0, 101.0, 99.0), null);
        assertEquals("differs", apart.verdict());
    }

    @Test
    void noVerdictWithoutEnoughRoundsOrForAnotherPattern() {
        assertEquals("too few rounds for a verdict",
                new FidelityRow(SAME, List.of(1.0, 2.0), List.of(1.0, 2.0, 3.0), null).verdict());
        assertEquals("reference only (another pattern)",
                new FidelityRow(NEAREST, List.of(1.0, 2.0, 3.0), List.of(9.0, 9.0, 9.0), null).verdict());
        assertEquals("no figure", new FidelityRow(SAME, List.of(), List.of(1.0), null).verdict());
        assertEquals("tool unavailable: fio is not installed",
                new FidelityRow(SAME, List.of(1.0), List.of(), "fio is not installed").verdict());
        assertEquals(2.5, FidelityRow.median(List.of(4.0, 1.0, 3.0, 2.0)), 0);
    }
}
