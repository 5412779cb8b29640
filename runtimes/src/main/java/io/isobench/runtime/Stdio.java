package io.isobench.runtime;

/**
 * Where the command's standard streams go: captured for trials (the harness parses the
 * workload's metrics from stdout), inherited for {@code container run}/{@code vm run}.
 */
public enum Stdio {
    CAPTURE, INHERIT
}
