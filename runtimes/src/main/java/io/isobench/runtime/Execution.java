package io.isobench.runtime;

import io.isobench.model.VmStats;

import java.util.List;

/**
 * What a runtime saw of one instance.
 *
 * @param exitCode   the command's exit code, 128+signal when it was killed by a signal
 * @param timedOut   the launch's timeout expired and the instance was killed
 * @param stdout     the command's standard output (empty when inherited)
 * @param stderr     the command's standard error (empty when inherited)
 * @param spawnNs    CLOCK_MONOTONIC instant the runtime started the instance
 * @param marks      instants in order, the last one the instance being gone
 * @param userNs     CPU time in user mode of the instance's processes (from rusage), -1 unknown
 * @param systemNs   CPU time in kernel mode, -1 unknown
 * @param vm         VM-only facts, null for other runtimes
 * @param failure    a runtime-level failure that is not the command's fault (e.g. "out of
 *                   memory (limit 64 MiB)", "guest kernel panic"), else null
 */
public record Execution(int exitCode, boolean timedOut, String stdout, String stderr,
                        long spawnNs, List<Mark> marks, long userNs, long systemNs,
                        VmStats vm, String failure) {
    public Execution {
        marks = List.copyOf(marks);
        stdout = stdout == null ? "" : stdout;
        stderr = stderr == null ? "" : stderr;
    }
}
