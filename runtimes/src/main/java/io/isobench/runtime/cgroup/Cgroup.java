package io.isobench.runtime.cgroup;

import io.isobench.model.Resources;
import io.isobench.runtime.Limits;

import java.nio.file.Path;
import java.util.List;

/**
 * One trial's cgroup, across all hierarchies that matter (one directory on v2; one per
 * controller on v1/hybrid). Created by the harness, joined by the runtime's first process,
 * read after the instance is gone, then removed.
 */
public interface Cgroup extends AutoCloseable {

    /** The {@code cgroup.procs} files a process must write its pid into to join. */
    List<Path> procsFiles();

    void applyLimits(Limits limits) throws java.io.IOException;

    /** CPU time, peak memory and block I/O accounted so far. */
    Resources usage() throws java.io.IOException;

    /** Whether the memory limit was hit (OOM kill inside the cgroup) since creation. */
    boolean oomKilled() throws java.io.IOException;

    /** The counters that show a workload stuck at its memory or pids limit (sampled while it runs). */
    default PressureSample pressure() throws java.io.IOException {
        return PressureSample.UNKNOWN;
    }

    /** Kills every process still in the cgroup and waits (bounded) until it is empty. */
    void killAll() throws java.io.IOException;

    /** Kills what is left and removes the directories. Idempotent. */
    @Override
    void close();
}
