package io.isobench.harness.cli;

import io.isobench.runtime.Limits;
import io.isobench.runtime.container.ContainerRuntime;
import io.isobench.runtime.container.ContainerSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code isobench container run}: one command in isobench's container, streams and exit code passed through. */
@Command(name = "container", mixinStandardHelpOptions = true,
        description = "isobench's own container runtime (namespaces, overlay root, cgroup limits, seccomp).",
        subcommands = ContainerCommand.Run.class)
public final class ContainerCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getErr().println("isobench container: missing subcommand (run); see isobench container --help");
        return 2;
    }

    @Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
            description = "Runs CMD in a fresh container on the root filesystem DIR (overlay: writes vanish with it). "
                    + "stdin, stdout and stderr pass through; the exit code is CMD's (128+signal when killed), "
                    + "125 when the container could not be started.")
    public static final class Run implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--rootfs", required = true, paramLabel = "DIR", description = "Root filesystem directory (read-only lower layer).")
        Path rootfs;

        @Option(names = "--cpus", paramLabel = "N", description = "CPU limit, e.g. 1 or 0.5 (cgroup quota).")
        Double cpus;

        @Option(names = "--memory", paramLabel = "SIZE", description = "Memory limit, e.g. 512M (no swap).")
        String memory;

        @Option(names = "--pids", paramLabel = "N", defaultValue = "4096", description = "Process limit (default: ${DEFAULT-VALUE}).")
        int pids;

        @Option(names = "--hostname", paramLabel = "NAME", defaultValue = ContainerSettings.DEFAULT_HOSTNAME,
                description = "Hostname inside (default: ${DEFAULT-VALUE}).")
        String hostname;

        @Option(names = "--timeline", description = "Print the startup phases (ms) to stderr when CMD ends.")
        boolean timeline;

        @Option(names = "--timeout", paramLabel = "SECONDS", description = "Kill the container after this many seconds (default: none).")
        Long timeoutSeconds;

        @Option(names = "--seccomp", paramLabel = "on|off", defaultValue = "on", description = "Seccomp deny-list filter (default: on).")
        String seccomp;

        @Option(names = "--caps", paramLabel = "on|off", defaultValue = "on", description = "Drop capabilities to the default set (default: on).")
        String caps;

        @Option(names = "--nnp", paramLabel = "on|off", defaultValue = "on", description = "no_new_privs (default: on).")
        String nnp;

        @Option(names = "--mask", paramLabel = "on|off", defaultValue = "on", description = "Mask /proc and /sys paths (default: on).")
        String mask;

        @Option(names = "--upper", paramLabel = "tmpfs|disk", defaultValue = "tmpfs",
                description = "Where writes to / go: a tmpfs private to the container, or a directory on disk (default: tmpfs).")
        String upper;

        @Parameters(arity = "1..*", paramLabel = "CMD", description = "Command and arguments (put -- before it).")
        List<String> command;

        @Override
        public Integer call() {
            PrintWriter err = spec.commandLine().getErr();
            Map<String, String> options = new LinkedHashMap<>();
            options.put("hostname", hostname);
            options.put("seccomp", seccomp);
            options.put("caps", caps);
            options.put("nnp", nnp);
            options.put("mask", mask);
            options.put("upper", upper);
            Limits limits;
            try {
                ContainerSettings.from(options);
                limits = new Limits(cpus, memory == null ? null : Sizes.parse(memory, "--memory"), pids);
                if (timeoutSeconds != null && timeoutSeconds < 1) {
                    throw new IllegalArgumentException("--timeout must be at least 1 second, got " + timeoutSeconds);
                }
            } catch (IllegalArgumentException e) {
                err.println("isobench: " + e.getMessage());
                return 2;
            }
            Duration timeout = timeoutSeconds == null ? Duration.ofDays(3650) : Duration.ofSeconds(timeoutSeconds);
            return OneCommand.run("container run", new ContainerRuntime(), rootfs, command, limits, options, timeout,
                    timeline, e -> null, err);
        }
    }
}
