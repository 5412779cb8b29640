package io.isobench.model;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * How an adaptive run chose its trial counts (absent when {@code --trials} fixed them):
 * each runtime × workload cell ran {@code firstStage} measured trials, then as many more, up
 * to {@code maxTrials} in all, as Stein's two-stage rule asked for a 95% interval of its
 * headline figure within ±{@code precisionPercent} % of its median. Reports compute that
 * figure's interval the same way (the first {@code firstStage} trials of a cell, by trial
 * index, are its first stage). See docs/methodology.md.
 *
 * <p>{@code budgetSeconds} (absent: none) caps the run's wall time: when the second stage
 * the rule asks for would not fit in what is left of it, the cells cheapest to complete get
 * all their trials and the rest fewer, each said in the report with the count it needed.
 * Cutting by a plan made from the first stage alone keeps Stein's interval honest; it is
 * only wider than asked.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Adaptive(double precisionPercent, int firstStage, int maxTrials, Integer budgetSeconds) {
    public Adaptive {
        if (!(precisionPercent > 0) || firstStage < 2 || maxTrials < firstStage) {
            throw new IllegalArgumentException("adaptive: precision > 0, first stage >= 2, max >= first stage; got "
                    + precisionPercent + ", " + firstStage + ", " + maxTrials);
        }
        if (budgetSeconds != null && budgetSeconds < 1) {
            throw new IllegalArgumentException("adaptive: a time budget must be at least 1 second, got " + budgetSeconds);
        }
    }

    /** A rule without a time budget. */
    public Adaptive(double precisionPercent, int firstStage, int maxTrials) {
        this(precisionPercent, firstStage, maxTrials, null);
    }
}
