package io.isobench.runtime;

/**
 * A named instant on the host's CLOCK_MONOTONIC (the clock of {@link System#nanoTime()} on
 * Linux), e.g. "namespaces" when the launcher finished creating them. The harness turns
 * consecutive marks into timeline phases.
 */
public record Mark(String name, long monotonicNs) {
}
