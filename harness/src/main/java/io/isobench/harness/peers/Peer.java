package io.isobench.harness.peers;

/**
 * One way to start the same no-op command, timed from spawn to exit with the JVM already
 * running (the way the harness times a trial). Peers are other tools (bwrap, runc, ...) or
 * isobench's own runtimes.
 */
public interface Peer extends AutoCloseable {
    String name();

    /** Null when this peer can run here, else one sentence why not (e.g. "not installed"). */
    String unavailableReason();

    /** Starts the command once and returns the milliseconds from spawn to exit. */
    double runMs() throws Exception;

    /** Runs allowed for this peer when the user asked for {@code requested} (slow peers take fewer). */
    default int runs(int requested) {
        return requested;
    }

    /** Unmeasured runs before the measured ones (page cache, first-use costs). */
    default int warmups() {
        return PeerRunner.WARMUPS;
    }

    @Override
    default void close() {
    }
}
