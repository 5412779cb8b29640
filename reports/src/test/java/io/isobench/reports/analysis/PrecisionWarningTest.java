package io.isobench.reports.analysis;

import io.isobench.model.Adaptive;
import io.isobench.model.Metric;
import io.isobench.model.Status;
import io.isobench.model.Trial;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What an adaptive run's report says about a headline figure that stayed wider than asked, and why. */
class PrecisionWarningTest {
    // A spread of about 10%: at ±2% precision Stein's rule asks for the cap of 20 trials.
    private static final double[] NOISY = {100, 112, 91, 108, 95, 104, 89, 110, 97, 103, 93, 106, 99, 111, 90, 102, 96, 107, 94, 101};

    private static List<Trial> cell(int n) {
        List<Trial> trials = new ArrayList<>();
        IntStream.range(0, n).forEach(i -> trials.add(new Trial("bare", "cpu.sha256", i + 1, false, Status.OK, null, null, null,
                List.of(new Metric("throughput", NOISY[i], "MB/s", null, true)), null, null)));
        return trials;
    }

    private static List<String> precisionWarnings(List<Trial> trials, Adaptive rule) {
        return Analysis.of(trials, rule).warnings().stream().filter(w -> w.contains("did not reach the precision")).toList();
    }

    @Test
    void aCellAtTheCapSaysTheCap() {
        List<String> w = precisionWarnings(cell(20), new Adaptive(2, 5, 20));
        assertEquals(1, w.size(), w.toString());
        assertTrue(w.get(0).contains("after 20 trials") && w.get(0).endsWith("and the cap of 20 trials"), w.get(0));
    }

    @Test
    void aCellTheBudgetCutSaysTheBudgetAndWhatTheRuleAskedFor() {
        List<String> w = precisionWarnings(cell(8), new Adaptive(2, 5, 20, 600));
        assertEquals(1, w.size(), w.toString());
        assertTrue(w.get(0).contains("after 8 trials") && w.get(0).contains("time budget of 10 min (the rule asked for 20 trials"),
                w.get(0));
    }

    @Test
    void withoutABudgetAShortCellBlamesOnlyTheNoise() {
        List<String> w = precisionWarnings(cell(8), new Adaptive(2, 5, 20));
        assertEquals(1, w.size(), w.toString());
        assertTrue(w.get(0).endsWith("(coefficient of variation 9%)"), w.get(0));
    }
}
