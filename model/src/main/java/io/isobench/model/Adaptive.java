package io.isobench.model;

/**
 * How an adaptive run chose its trial counts (absent when {@code --trials} fixed them):
 * each runtime × workload cell ran {@code firstStage} measured trials, then as many more, up
 * to {@code maxTrials} in all, as Stein's two-stage rule asked for a 95% interval of its
 * headline figure within ±{@code precisionPercent} % of its median. Reports compute that
 * figure's interval the same way (the first {@code firstStage} trials of a cell, by trial
 * index, are its first stage). See docs/methodology.md.
 */
public record Adaptive(double precisionPercent, int firstStage, int maxTrials) {
    public Adaptive {
        if (!(precisionPercent > 0) || firstStage < 2 || maxTrials < firstStage) {
            throw new IllegalArgumentException("adaptive: precision > 0, first stage >= 2, max >= first stage; got "
                    + precisionPercent + ", " + firstStage + ", " + maxTrials);
        }
    }
}
