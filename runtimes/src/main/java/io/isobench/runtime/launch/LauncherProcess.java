package io.isobench.runtime.launch;

import io.isobench.runtime.FileTrees;
import io.isobench.runtime.OwnedTempDirs;

import io.isobench.runtime.Execution;
import io.isobench.runtime.Launch;
import io.isobench.runtime.Mark;
import io.isobench.runtime.RuntimeFailure;
import io.isobench.runtime.Stdio;
import io.isobench.runtime.cgroup.PressureSample;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs one instance through the native launcher, the same way for the bare and the
 * container runtime:
 * <pre>
 *   launcher --report-file F --cgroup PROCS... [runtime's launcher args] -- CMD...
 * </pre>
 * The launcher joins the trial's cgroup before it starts CMD, so everything CMD starts is
 * accounted there, and appends its timeline, rusage and end to F (a file, because Java
 * cannot hand a child an extra pipe fd). This class spawns it with the working directory
 * and environment given, captures (bounded, both streams concurrently) or inherits stdio,
 * enforces the timeout by killing the whole cgroup, and turns the report into an
 * {@link Execution}.
 */
public final class LauncherProcess {
    /** Output kept per stream before only protocol lines are kept. */
    static final int CAPTURE_LIMIT = 8 * 1024 * 1024;
    /** How often the cgroup is sampled for a workload stuck at its limits. */
    static final long WATCH_STEP_NS = 1_000_000_000L;

    private final Path launcher;

    public LauncherProcess(Path launcher) {
        this.launcher = launcher;
    }

    /** Uses the launcher of this isobench build. */
    public LauncherProcess() {
        this(NativeHelpers.get().launcher());
    }

    /**
     * @param launch       what to run, in which cgroup, with which timeout and stdio
     * @param workingDir   the launcher's (and, unless the launcher changes root, CMD's) cwd
     * @param env          CMD's complete environment
     * @param launcherArgs runtime-specific launcher options (e.g. {@code --container ...})
     * @throws RuntimeFailure when the instance could not be started at all; the message is
     *                        the launcher's own sentence
     */
    public Execution run(Launch launch, Path workingDir, Map<String, String> env, List<String> launcherArgs)
            throws RuntimeFailure {
        Path reportDir;
        try {
            reportDir = OwnedTempDirs.create("isobench-launch-");
        } catch (IOException e) {
            throw new RuntimeFailure("cannot create a temporary directory for the launcher report: " + e.getMessage(), e);
        }
        try {
            return run(launch, workingDir, env, launcherArgs, reportDir.resolve("report"));
        } finally {
            FileTrees.deleteQuietly(reportDir);
        }
    }

    private Execution run(Launch launch, Path workingDir, Map<String, String> env, List<String> launcherArgs,
                          Path reportFile) throws RuntimeFailure {
        List<String> argv = new ArrayList<>();
        argv.add(launcher.toString());
        argv.add("--report-file");
        argv.add(reportFile.toString());
        for (Path procs : launch.cgroup().procsFiles()) {
            argv.add("--cgroup");
            argv.add(procs.toString());
        }
        argv.addAll(launcherArgs);
        argv.add("--");
        argv.addAll(launch.command());

        ProcessBuilder pb = new ProcessBuilder(argv).directory(workingDir.toFile());
        pb.environment().clear();
        pb.environment().putAll(env);
        if (launch.stdio() == Stdio.INHERIT) {
            pb.inheritIO();
        } else {
            pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        }

        long spawnNs = System.nanoTime();
        Process process;
        try {
            process = Spawn.start(pb);
        } catch (IOException e) {
            throw new RuntimeFailure("cannot start the launcher " + launcher + ": " + e.getMessage(), e);
        }
        OutputCapture out = null;
        OutputCapture err = null;
        if (launch.stdio() == Stdio.CAPTURE) {
            out = new OutputCapture(process.getInputStream(), CAPTURE_LIMIT, "isobench-stdout-" + process.pid()).start();
            err = new OutputCapture(process.getErrorStream(), CAPTURE_LIMIT, "isobench-stderr-" + process.pid()).start();
        }

        boolean timedOut = false;
        String stuck = null;
        try {
            // Wait in one-second steps, watching the cgroup for a workload stuck at its
            // memory or pids limit (LimitWatch): such a trial is ended within seconds, with
            // its reason, instead of at the timeout.
            LimitWatch watch = new LimitWatch();
            long deadline = spawnNs + launch.timeout().toNanos();
            while (stuck == null && !process.waitFor(Math.min(WATCH_STEP_NS, Math.max(0, deadline - System.nanoTime())),
                    TimeUnit.NANOSECONDS)) {
                if (System.nanoTime() - deadline >= 0) {
                    timedOut = true;
                    break;
                }
                stuck = watch.observe(pressure(launch), System.nanoTime());
            }
            if (timedOut || stuck != null) {
                stop(launch, process);
            }
        } catch (InterruptedException e) {
            // The harness is being stopped (Ctrl-C): take the instance down with us.
            stop(launch, process);
            Thread.currentThread().interrupt();
            throw new RuntimeFailure("interrupted", e);
        }
        long endNs = System.nanoTime();
        // Whatever CMD left behind (daemons, orphans) goes too: the instance is over.
        killQuietly(launch);

        String reportText = "";
        try {
            if (Files.exists(reportFile)) {
                reportText = Files.readString(reportFile, StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new RuntimeFailure("cannot read the launcher report: " + e.getMessage(), e);
        }
        LaunchReport report = LaunchReport.parse(reportText);
        String stdout = out == null ? "" : out.text(2000);
        String stderr = err == null ? "" : err.text(2000);

        if (!timedOut && !report.hasMark("exec") && process.exitValue() != 0) {
            // The launcher failed before CMD started: the runtime could not start it.
            String reason = !report.errors().isEmpty() ? report.errors().get(0)
                    : "the launcher failed with exit code " + process.exitValue() + lastLine(stderr);
            throw new RuntimeFailure(reason);
        }

        List<Mark> marks = new ArrayList<>(report.marks());
        if (!report.hasMark("exit")) {
            marks.add(new Mark(timedOut || stuck != null ? "killed" : "gone", endNs));
        }
        int exitCode;
        if (report.exitCode() >= 0) {
            exitCode = report.exitCode();
        } else if (report.signal() >= 0) {
            exitCode = 128 + report.signal();
        } else {
            // No report of the end (killed): the launcher's own status, 128+9 if it is somehow still there.
            exitCode = process.isAlive() ? 137 : process.exitValue();
        }
        String failure = null;
        if (!report.errors().isEmpty()) {
            failure = report.errors().get(0);
        }
        if (!timedOut && oomKilled(launch)) {
            failure = "out of memory (limit " + (launch.limits().memoryBytes() == null ? "none"
                    : Sizes.format(launch.limits().memoryBytes())) + ")";
        }
        if (stuck != null) {
            failure = stuck;
        } else if (failure == null) {
            // Ended by itself, but forks or threads were refused at the limit on the way (a
            // fork bomb dies out this way): whatever it measured is not the workload's normal run.
            PressureSample end = pressure(launch);
            if (end.pidsLimitHits() > 0) {
                failure = LimitWatch.pidsLimit(end);
            }
        }
        return new Execution(exitCode, timedOut, stdout, stderr, spawnNs, marks, report.userNs(),
                report.systemNs(), null, failure);
    }

    private static void stop(Launch launch, Process process) {
        killQuietly(launch);
        process.destroyForcibly();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void killQuietly(Launch launch) {
        try {
            launch.cgroup().killAll();
        } catch (IOException e) {
            // close() tries again; the caller learns about leftovers there.
        }
    }

    private static PressureSample pressure(Launch launch) {
        try {
            return launch.cgroup().pressure();
        } catch (IOException | RuntimeException e) {
            return PressureSample.UNKNOWN; // the watch just sees nothing this second
        }
    }

    private static boolean oomKilled(Launch launch) {
        try {
            return launch.cgroup().oomKilled();
        } catch (IOException e) {
            return false;
        }
    }

    private static String lastLine(String text) {
        String t = text.strip();
        if (t.isEmpty()) {
            return "";
        }
        int nl = t.lastIndexOf('\n');
        return ": " + (nl < 0 ? t : t.substring(nl + 1));
    }
}
