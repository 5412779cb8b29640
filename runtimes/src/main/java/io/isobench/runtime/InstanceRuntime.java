package io.isobench.runtime;

/**
 * A runtime that can also keep instances running ({@code isobench density}): bare and
 * container today. Separate from {@link Runtime} so that a runtime without it keeps working
 * for {@code run}.
 */
public interface InstanceRuntime extends Runtime {

    /**
     * Starts {@code launch.command()} in a fresh instance and returns at once; the instance
     * runs until {@link Instance#stop()}. {@code launch.timeout()} bounds nothing here (the
     * caller waits with {@link Instance#awaitReady}); stdio is always captured, since the
     * ready line is read from stdout.
     *
     * @throws RuntimeFailure when the instance could not be started at all
     */
    Instance start(Launch launch) throws RuntimeFailure;
}
