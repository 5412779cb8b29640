package io.isobench.model;

import com.fasterxml.jackson.annotation.JsonValue;

/** How a trial ended. Only {@link #OK} trials enter the statistics. */
public enum Status {
    OK, FAILED, TIMEOUT, UNAVAILABLE;

    @JsonValue
    public String json() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
