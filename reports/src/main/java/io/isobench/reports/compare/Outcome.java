package io.isobench.reports.compare;

/** What the gate concluded for one figure. */
public enum Outcome {
    /** Worse by more than the threshold and significant: fails the gate. */
    REGRESSION,
    /** Better by more than the threshold and significant. */
    IMPROVEMENT,
    /** No significant change beyond the threshold. */
    UNCHANGED,
    /** Fewer than two trials on a side: no test possible, never fails the gate. */
    UNTESTABLE
}
