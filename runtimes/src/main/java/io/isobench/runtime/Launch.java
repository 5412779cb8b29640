package io.isobench.runtime;

import io.isobench.runtime.cgroup.Cgroup;
import io.isobench.runtime.net.NetAttachment;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything one runtime instance needs.
 *
 * @param rootfs    root filesystem directory (the shared image, or any directory for
 *                  {@code container run}/{@code vm run})
 * @param command   argv; a relative path (e.g. {@code opt/isobench/jre/bin/java}) resolves
 *                  against the image root, the working directory in every runtime
 * @param env       the command's complete environment
 * @param limits    resource limits
 * @param cgroup    the trial's cgroup, created by the caller; the instance must run in it
 * @param scratch   host directory for the io workloads, seen as {@link #SCRATCH_PATH}
 *                  inside the runtime (null: none)
 * @param timeout   wall-clock limit from spawn to exit
 * @param stdio     capture or pass through the command's streams
 * @param options   runtime-specific switches (e.g. {@code seccomp=off}), empty by default
 * @param network   the instance's link to the run's far end (net workloads), null: none
 */
public record Launch(Path rootfs, List<String> command, Map<String, String> env, Limits limits,
                     Cgroup cgroup, Path scratch, Duration timeout, Stdio stdio,
                     Map<String, String> options, NetAttachment network) {
    /** Where the scratch directory appears inside every runtime. */
    public static final String SCRATCH_PATH = "/scratch";

    public Launch {
        Objects.requireNonNull(rootfs, "rootfs");
        if (command == null || command.isEmpty()) {
            throw new IllegalArgumentException("no command given");
        }
        command = List.copyOf(command);
        env = Map.copyOf(env);
        limits = limits == null ? Limits.NONE : limits;
        Objects.requireNonNull(cgroup, "cgroup");
        Objects.requireNonNull(timeout, "timeout");
        stdio = stdio == null ? Stdio.CAPTURE : stdio;
        options = options == null ? Map.of() : Map.copyOf(options);
    }

    /** A launch without a network link (every workload but the net ones). */
    public Launch(Path rootfs, List<String> command, Map<String, String> env, Limits limits,
                  Cgroup cgroup, Path scratch, Duration timeout, Stdio stdio, Map<String, String> options) {
        this(rootfs, command, env, limits, cgroup, scratch, timeout, stdio, options, null);
    }

    public String option(String key, String defaultValue) {
        return options.getOrDefault(key, defaultValue);
    }
}
