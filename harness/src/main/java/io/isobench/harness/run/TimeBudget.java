package io.isobench.harness.run;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Fits an adaptive run's second stage into what is left of its time budget. Each cell asks
 * for some more trials, each taking about its first stage's mean wall time. If all of them
 * fit, all run. If not, the cells cheapest to complete are completed first (a cell given 80%
 * of what it needs still misses its precision, so completing cells reaches the asked
 * precision in as many of them as the time allows); what time is left then goes one trial
 * at a time, round robin, to the cells that stay short, each narrowing its interval a little.
 *
 * <p>The grant depends only on the first stage (its spread chose the asks, its durations the
 * costs), never on second-stage values, which is what Stein's interval needs to stay honest.
 */
public final class TimeBudget {
    /** One cell's ask: {@code more} trials of about {@code seconds} each. */
    public record Ask(String cell, int more, double seconds) {
    }

    private TimeBudget() {
    }

    /** Cell → trials granted (at most its ask), in the order of {@code asks}. */
    public static Map<String, Integer> grant(List<Ask> asks, double remainingSeconds) {
        Map<String, Integer> granted = new LinkedHashMap<>();
        asks.forEach(a -> granted.put(a.cell(), 0));
        double left = remainingSeconds;
        List<Ask> byCost = new ArrayList<>(asks);
        byCost.sort(Comparator.comparingDouble(a -> a.more() * a.seconds()));
        List<Ask> short_ = new ArrayList<>();
        for (Ask a : byCost) {
            double cost = a.more() * a.seconds();
            if (cost <= left) {
                granted.put(a.cell(), a.more());
                left -= cost;
            } else {
                short_.add(a);
            }
        }
        boolean progress = true;
        while (progress && !short_.isEmpty()) {
            progress = false;
            for (Ask a : short_) {
                int got = granted.get(a.cell());
                if (got < a.more() && a.seconds() <= left) {
                    granted.put(a.cell(), got + 1);
                    left -= a.seconds();
                    progress = true;
                }
            }
        }
        return granted;
    }
}
