package io.isobench.runtime;

/** Whether a runtime can be used here; {@code reason} says why not in one sentence. */
public record Availability(boolean available, String reason) {
    public static Availability yes() {
        return new Availability(true, null);
    }

    public static Availability no(String reason) {
        return new Availability(false, reason);
    }
}
