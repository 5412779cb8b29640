package io.isobench.reports.compare;

/** BASE and CURRENT cannot be compared (different schema, nothing in common); exit code 2. */
public final class Incomparable extends Exception {
    public Incomparable(String message) {
        super(message);
    }
}
