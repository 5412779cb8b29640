package io.isobench.model;

/**
 * One step of a startup timeline: {@code ms} is the duration of this phase, i.e. the time
 * from the end of the previous phase (or from the spawn) to the moment named.
 */
public record Phase(String name, double ms) {
}
