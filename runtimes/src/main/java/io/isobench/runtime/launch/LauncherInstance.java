package io.isobench.runtime.launch;

import io.isobench.runtime.FileTrees;
import io.isobench.runtime.OwnedTempDirs;
import io.isobench.runtime.Instance;
import io.isobench.runtime.Launch;
import io.isobench.runtime.RuntimeFailure;
import io.isobench.runtime.cgroup.Cgroup;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A long-lived instance started through the native launcher (bare and container), the
 * counterpart of {@link LauncherProcess#run} for {@code isobench density}: the same argv
 * ({@code launcher --report-file F --cgroup PROCS... ARGS -- CMD}), but instead of waiting
 * for the end, one thread reads stdout until the workload's ready line and then drains it.
 * stderr goes to a file next to the report (no thread per stream: hundreds of instances
 * run at once). Stop = kill the cgroup, reap the launcher, remove the per-instance files.
 */
public final class LauncherInstance implements Instance {
    /** The workloads' ready line ({@code io.isobench.workloads.WorkloadOutput.READY}; runtimes does not depend on workloads). */
    static final String READY_PREFIX = "@@isobench ready";

    private final Launch launch;
    private final Process process;
    private final Path reportDir;
    private final Runnable cleanup;
    private final List<Path> hostPaths;
    private final long spawnNs;
    private final CompletableFuture<Long> ready = new CompletableFuture<>();
    private long stopNs = -1;

    private LauncherInstance(Launch launch, Process process, Path reportDir, Runnable cleanup, List<Path> hostPaths,
                             long spawnNs) {
        this.hostPaths = List.copyOf(hostPaths);
        this.launch = launch;
        this.process = process;
        this.reportDir = reportDir;
        this.cleanup = cleanup;
        this.spawnNs = spawnNs;
    }

    /**
     * @param launcher     the launcher binary
     * @param workingDir   the launcher's cwd
     * @param env          the command's complete environment
     * @param launcherArgs runtime-specific launcher options
     * @param cleanup      what to remove after the instance is gone (e.g. overlay dirs); also
     *                     run when the start fails
     * @param ownPaths     host paths {@code cleanup} removes (for {@link #hostPaths()})
     */
    public static LauncherInstance start(Path launcher, Launch launch, Path workingDir, Map<String, String> env,
                                         List<String> launcherArgs, Runnable cleanup, List<Path> ownPaths)
            throws RuntimeFailure {
        Path reportDir;
        try {
            reportDir = OwnedTempDirs.create("isobench-instance-");
        } catch (IOException e) {
            cleanup.run();
            throw new RuntimeFailure("cannot create a temporary directory for the launcher report: " + e.getMessage(), e);
        }
        List<String> argv = new ArrayList<>();
        argv.add(launcher.toString());
        argv.add("--report-file");
        argv.add(reportDir.resolve("report").toString());
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
        pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.redirectError(reportDir.resolve("stderr").toFile());
        long spawnNs = System.nanoTime();
        Process process;
        try {
            process = Spawn.start(pb);
        } catch (IOException e) {
            FileTrees.deleteQuietly(reportDir);
            cleanup.run();
            throw new RuntimeFailure("cannot start the launcher " + launcher + ": " + e.getMessage(), e);
        }
        LauncherInstance instance = new LauncherInstance(launch, process, reportDir, cleanup,
                concat(ownPaths, reportDir), spawnNs);
        Thread reader = new Thread(instance::readStdout, "isobench-instance-" + process.pid());
        reader.setDaemon(true);
        reader.start();
        return instance;
    }

    private void readStdout() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (!ready.isDone() && line.startsWith(READY_PREFIX)) {
                    ready.complete(System.nanoTime());
                }
                // after that: drain, so a chatty workload never blocks on a full pipe
            }
        } catch (IOException e) {
            // the stream closed under us at stop: nothing to report
        }
        if (!ready.isDone()) {
            ready.completeExceptionally(new RuntimeFailure(endedSentence()));
        }
    }

    /** Why the instance ended before its ready line: the launcher's own sentence if it gave one. */
    private String endedSentence() {
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            Path report = reportDir.resolve("report");
            if (Files.exists(report)) {
                LaunchReport r = LaunchReport.parse(Files.readString(report, StandardCharsets.UTF_8));
                if (!r.errors().isEmpty()) {
                    return r.errors().get(0);
                }
                if (r.exitCode() >= 0) {
                    return "the workload exited with code " + r.exitCode() + " before it was ready" + lastLine();
                }
                if (r.signal() >= 0) {
                    return "the workload was killed by signal " + r.signal() + " before it was ready" + lastLine();
                }
            }
        } catch (IOException e) {
            // fall through to the generic sentence
        }
        return "the instance ended before it was ready" + (process.isAlive() ? "" : " (launcher exit code " + process.exitValue() + ")") + lastLine();
    }

    private String lastLine() {
        try {
            String t = Files.readString(reportDir.resolve("stderr"), StandardCharsets.UTF_8).strip();
            if (t.isEmpty()) {
                return "";
            }
            int nl = t.lastIndexOf('\n');
            return ": " + (nl < 0 ? t : t.substring(nl + 1));
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public long spawnNs() {
        return spawnNs;
    }

    @Override
    public long awaitReady(Duration timeout) throws RuntimeFailure {
        try {
            return ready.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new RuntimeFailure("the instance was not ready within " + timeout.toSeconds() + " s");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeFailure f ? f : new RuntimeFailure(String.valueOf(e.getCause()), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RuntimeFailure("interrupted", e);
        }
    }

    @Override
    public long pid() {
        return process.pid();
    }

    @Override
    public Cgroup cgroup() {
        return launch.cgroup();
    }

    @Override
    public synchronized long stop() {
        if (stopNs >= 0) {
            return stopNs;
        }
        long t0 = System.nanoTime();
        try {
            launch.cgroup().killAll();
        } catch (IOException e) {
            // the launcher itself may be outside the cgroup's reach: kill it directly below
        }
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        FileTrees.deleteQuietly(reportDir);
        cleanup.run();
        stopNs = System.nanoTime() - t0;
        return stopNs;
    }

    @Override
    public List<Path> hostPaths() {
        return hostPaths;
    }

    private static List<Path> concat(List<Path> paths, Path more) {
        List<Path> all = new ArrayList<>(paths);
        all.add(more);
        return all;
    }
}
