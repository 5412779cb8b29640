package io.isobench.reports.analysis;

import io.isobench.model.Trial;

/** A trial left out of the statistics, and why (warm-up, failed, timed out, runtime unavailable). */
public record Exclusion(Trial trial, String why) {
}
