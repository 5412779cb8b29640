package io.isobench.runtime;

import io.isobench.runtime.cgroup.Cgroup;

import java.time.Duration;

/**
 * One long-lived runtime instance (isobench density): started, ready when its workload says
 * so (the {@code @@isobench ready} line), kept running, then stopped. Unlike
 * {@link Runtime#execute} nothing waits for the command to end by itself.
 */
public interface Instance {

    /** CLOCK_MONOTONIC ({@link System#nanoTime}) instant the runtime started spawning it. */
    long spawnNs();

    /**
     * Waits until the workload has printed its ready line.
     *
     * @return the {@link System#nanoTime} instant the harness saw the line
     * @throws RuntimeFailure when the instance ended before it was ready, or did not get
     *                        ready within {@code timeout}; the message is one sentence
     */
    long awaitReady(Duration timeout) throws RuntimeFailure;

    /** The pid of the instance's first host process (the launcher, the monitor). */
    long pid();

    /**
     * Host paths the runtime made for this instance (report file, overlay directories), so
     * that a caller can check they are gone after {@link #stop()} instead of assuming it.
     */
    java.util.List<java.nio.file.Path> hostPaths();

    /**
     * For a VM: where its monitor holds guest RAM, so that the monitor's memory can be told
     * apart from the guest's while it runs; empty for the other runtimes (and for a VM whose
     * monitor has not said yet).
     */
    default java.util.Optional<io.isobench.runtime.vm.memory.GuestMemoryMap> guestMemory() {
        return java.util.Optional.empty();
    }

    /** The instance's cgroup (the {@link Launch}'s). */
    Cgroup cgroup();

    /**
     * Stops the instance: kills every process in its cgroup, waits for them, removes what the
     * runtime created for it (not the cgroup, which the caller owns). Idempotent.
     *
     * @return nanoseconds the stop took
     */
    long stop();
}
