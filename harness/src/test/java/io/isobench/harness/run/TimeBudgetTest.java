package io.isobench.harness.run;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class TimeBudgetTest {
    private final List<TimeBudget.Ask> asks = List.of(
            new TimeBudget.Ask("a", 10, 10.0),   // 100 s to complete
            new TimeBudget.Ask("b", 4, 5.0),     // 20 s
            new TimeBudget.Ask("c", 0, 3.0),     // complete already
            new TimeBudget.Ask("d", 6, 10.0));   // 60 s

    @Test
    void everythingRunsWhenItFits() {
        assertEquals(Map.of("a", 10, "b", 4, "c", 0, "d", 6), TimeBudget.grant(asks, 180));
    }

    @Test
    void theCheapestCellsAreCompletedFirstAndTheRestSharesWhatIsLeft() {
        // 20 (b) + 60 (d) complete two cells; 35 s remain: three trials of a.
        assertEquals(Map.of("a", 3, "b", 4, "c", 0, "d", 6), TimeBudget.grant(asks, 115));
    }

    @Test
    void leftoverTimeGoesRoundRobinToTheShortCells() {
        // b completes (20 s); 45 s left for a and d, alternately: a, d, a, d.
        assertEquals(Map.of("a", 2, "b", 4, "c", 0, "d", 2), TimeBudget.grant(asks, 65));
    }

    @Test
    void noTimeLeftGrantsNothing() {
        assertEquals(Map.of("a", 0, "b", 0, "c", 0, "d", 0), TimeBudget.grant(asks, 0));
    }
}
