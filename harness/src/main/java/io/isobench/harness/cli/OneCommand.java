package io.isobench.harness.cli;

import io.isobench.harness.probe.RootProbe;
import io.isobench.runtime.Execution;
import io.isobench.runtime.Launch;
import io.isobench.runtime.Limits;
import io.isobench.runtime.Mark;
import io.isobench.runtime.Runtime;
import io.isobench.runtime.RuntimeFailure;
import io.isobench.runtime.Stdio;
import io.isobench.runtime.cgroup.Cgroup;
import io.isobench.runtime.cgroup.CgroupManager;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * What {@code container run} and {@code vm run} share: check the root filesystem and root
 * rights, make a cgroup (removed also on Ctrl-C), run one command with the streams passed
 * through, say in one sentence why the runtime failed, and return CMD's exit code.
 */
final class OneCommand {
    /** Exit code when the runtime itself could not run CMD (as docker and the launcher use it). */
    static final int RUNTIME_FAILED = 125;

    private OneCommand() {
    }

    /**
     * @param extra  lines to add after the timeline (e.g. VM exit counts), from the execution
     * @return the exit code for the CLI
     */
    static int run(String what, Runtime runtime, Path rootfs, List<String> command, Limits limits,
                   Map<String, String> options, Duration timeout, boolean timeline,
                   Function<Execution, String> extra, PrintWriter err) {
        if (!Files.exists(rootfs)) {
            err.println("isobench: the root filesystem " + rootfs + " does not exist");
            return 2;
        }
        if (!Files.isDirectory(rootfs)) {
            err.println("isobench: the root filesystem " + rootfs + " is not a directory");
            return 2;
        }
        if (!RootProbe.isRoot()) {
            err.println("isobench: " + what + " needs root: it creates a cgroup for the instance (try sudo)");
            return 2;
        }
        try (Cgroup cgroup = CgroupManager.open().create(what.replace(' ', '-'))) {
            // Ctrl-C ends the JVM with hooks only: remove the cgroup (and whatever runs in it) there too.
            Thread hook = new Thread(cgroup::close, "isobench-" + what.replace(' ', '-') + "-cgroup");
            java.lang.Runtime.getRuntime().addShutdownHook(hook);
            try {
                cgroup.applyLimits(limits);
                Execution e = runtime.execute(new Launch(rootfs, command, environment(), limits, cgroup, null, timeout,
                        Stdio.INHERIT, options));
                if (e.timedOut()) {
                    err.println("isobench: timed out after " + timeout.toSeconds() + " s; the instance was killed");
                } else if (e.failure() != null && !e.failure().startsWith("cannot execute")) {
                    // (an exec failure was already said by the launcher, on the stderr we share)
                    err.println("isobench: " + e.failure());
                }
                if (timeline) {
                    err.println(timelineText(e));
                    String more = extra.apply(e);
                    if (more != null) {
                        err.println(more);
                    }
                }
                err.flush();
                return e.failure() != null && !e.timedOut() && e.exitCode() == 0 ? RUNTIME_FAILED : e.exitCode();
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
            err.println("isobench: cannot set up the " + what + " cgroup: " + e.getMessage());
            return RUNTIME_FAILED;
        }
    }

    /** CMD's environment: a standard PATH and HOME, plus TERM so interactive tools behave. */
    static Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
        env.put("HOME", "/root");
        String term = System.getenv("TERM");
        if (term != null) {
            env.put("TERM", term);
        }
        return env;
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
