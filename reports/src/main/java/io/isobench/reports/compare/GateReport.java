package io.isobench.reports.compare;

import java.util.List;

/** Everything the gate found: every check, what only one side had, and the exit code it means. */
public record GateReport(double maxRegressionPercent, double alpha, List<Check> checks, List<String> onlyInBase,
                         List<String> onlyInCurrent) {
    public List<Check> regressions() {
        return checks.stream().filter(c -> c.outcome() == Outcome.REGRESSION).toList();
    }

    public List<Check> improvements() {
        return checks.stream().filter(c -> c.outcome() == Outcome.IMPROVEMENT).toList();
    }

    /** 0 = no regression, 1 = at least one regression. */
    public int exitCode() {
        return regressions().isEmpty() ? 0 : 1;
    }
}
