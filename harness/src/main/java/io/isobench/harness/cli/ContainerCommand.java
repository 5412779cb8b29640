package io.isobench.harness.cli;

import io.isobench.harness.probe.RootProbe;
import io.isobench.runtime.Execution;
import io.isobench.runtime.Launch;
import io.isobench.runtime.Limits;
import io.isobench.runtime.Mark;
import io.isobench.runtime.RuntimeFailure;
import io.isobench.runtime.Stdio;
import io.isobench.runtime.cgroup.Cgroup;
import io.isobench.runtime.cgroup.CgroupManager;
import io.isobench.runtime.container.ContainerRuntime;
import io.isobench.runtime.container.ContainerSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
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
        /** Exit code when the container itself could not be started (as docker and the launcher use it). */
        static final int RUNTIME_FAILED = 125;

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
            if (!Files.exists(rootfs)) {
                err.println("isobench: the root filesystem " + rootfs + " does not exist");
                return 2;
            }
            if (!Files.isDirectory(rootfs)) {
                err.println("isobench: the root filesystem " + rootfs + " is not a directory");
                return 2;
            }
            if (!RootProbe.isRoot()) {
                err.println("isobench: container run needs root: it creates namespaces, mounts and a cgroup (try sudo)");
                return 2;
            }
            Map<String, String> env = new LinkedHashMap<>();
            env.put("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
            env.put("HOME", "/root");
            String term = System.getenv("TERM");
            if (term != null) {
                env.put("TERM", term);
            }
            Duration timeout = timeoutSeconds == null ? Duration.ofDays(3650) : Duration.ofSeconds(timeoutSeconds);
            try (Cgroup cgroup = CgroupManager.open().create("container-run")) {
                // Ctrl-C ends the JVM with hooks only: remove the cgroup (and whatever runs in it) there too.
                Thread hook = new Thread(cgroup::close, "isobench-container-run-cgroup");
                java.lang.Runtime.getRuntime().addShutdownHook(hook);
                try {
                    cgroup.applyLimits(limits);
                    Execution e = new ContainerRuntime().execute(new Launch(rootfs, command, env, limits, cgroup, null,
                            timeout, Stdio.INHERIT, options));
                    if (e.timedOut()) {
                        err.println("isobench: timed out after " + timeout.toSeconds() + " s; the container was killed");
                    } else if (e.failure() != null && !e.failure().startsWith("cannot execute")) {
                        // (an exec failure was already said by the launcher, on the stderr we share)
                        err.println("isobench: " + e.failure());
                    }
                    if (timeline) {
                        err.println(timelineText(e));
                    }
                    err.flush();
                    return e.exitCode();
                } finally {
                    try {
                        java.lang.Runtime.getRuntime().removeShutdownHook(hook);
                    } catch (IllegalStateException shuttingDown) {
                        // the hook runs
                    }
                }
            } catch (RuntimeFailure e) {
                err.println("isobench: " + e.getMessage());
                return RUNTIME_FAILED;
            } catch (IOException e) {
                err.println("isobench: cannot set up the container's cgroup: " + e.getMessage());
                return RUNTIME_FAILED;
            }
        }

        /** {@code timeline: launcher 0.81 ms, cgroup 0.02 ms, ... total 3.40 ms}. */
        static String timelineText(Execution e) {
            StringBuilder sb = new StringBuilder("timeline:");
            long previous = e.spawnNs();
            for (Mark m : e.marks()) {
                sb.append(String.format(Locale.ROOT, " %s %.2f ms,", m.name(), (m.monotonicNs() - previous) / 1e6));
                previous = Math.max(previous, m.monotonicNs());
            }
            sb.append(String.format(Locale.ROOT, " total %.2f ms", (previous - e.spawnNs()) / 1e6));
            return sb.toString();
        }
    }
}
