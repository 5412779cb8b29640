package io.isobench.harness.run;

import io.isobench.runtime.FileTrees;

import io.isobench.harness.image.Image;
import io.isobench.harness.image.ImageBuilder;
import io.isobench.harness.probe.HostProbe;
import io.isobench.harness.workload.CustomWorkloads;
import io.isobench.harness.workload.FileWorkload;
import io.isobench.harness.workload.MetricExtraction;
import io.isobench.harness.workload.OwnRootLaunch;
import io.isobench.harness.host.HostCheck;
import io.isobench.model.HostConditions;
import io.isobench.model.HostInfo;
import io.isobench.model.Resources;
import io.isobench.model.Results;
import io.isobench.model.RunConfig;
import io.isobench.model.Status;
import io.isobench.model.Trial;
import io.isobench.model.TrialLog;
import io.isobench.model.ResultsJson;
import io.isobench.reports.ReportWriter;
import io.isobench.reports.Summaries;
import io.isobench.runtime.Availability;
import io.isobench.runtime.Execution;
import io.isobench.runtime.Launch;
import io.isobench.runtime.Runtime;
import io.isobench.runtime.RuntimeFailure;
import io.isobench.runtime.Stdio;
import io.isobench.runtime.cgroup.Cgroup;
import io.isobench.runtime.cgroup.CgroupManager;
import io.isobench.runtime.net.NetAttachment;
import io.isobench.workloads.Workload;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * One {@code isobench run}: checks which runtimes can run, builds (or reuses) the image,
 * probes the host, then executes the plan trial by trial, each in a fresh runtime instance
 * inside a fresh cgroup, appending every finished trial to trials.jsonl at once, and
 * finally writes results.json and the reports. Interrupted runs end the same way with
 * what finished.
 */
public final class RunSession {
    /** The workload's environment, identical in every runtime (plus ISOBENCH_SCRATCH, set by the runtime). */
    static final Map<String, String> ENV = Map.of("PATH", "/usr/local/bin:/usr/bin:/bin", "HOME", "/root", "LANG", "C");
    public static final String VERSION = "0.1.0";

    private final RuntimeRegistry registry;
    private final HostProbe hostProbe;
    private final ImageBuilder imageBuilder;
    private final HostCheck hostCheck;
    private final PrintStream err;
    /** The user's own workloads (workload files, --rootfs), roots prepared; see harness/workload. */
    private final CustomWorkloads custom;

    public RunSession(RuntimeRegistry registry, HostProbe hostProbe, ImageBuilder imageBuilder, PrintStream err) {
        this(registry, hostProbe, imageBuilder, HostCheck.here(), err, CustomWorkloads.NONE);
    }

    /** @param hostCheck reads the host's noise sources, before the first trial and after the last */
    public RunSession(RuntimeRegistry registry, HostProbe hostProbe, ImageBuilder imageBuilder, HostCheck hostCheck,
                      PrintStream err) {
        this(registry, hostProbe, imageBuilder, hostCheck, err, CustomWorkloads.NONE);
    }

    /**
     * @param hostCheck reads the host's noise sources, before the first trial and after the last
     * @param custom    the user's own workloads (workload files, --rootfs), roots prepared
     */
    public RunSession(RuntimeRegistry registry, HostProbe hostProbe, ImageBuilder imageBuilder, HostCheck hostCheck,
                      PrintStream err, CustomWorkloads custom) {
        this.registry = registry;
        this.hostProbe = hostProbe;
        this.imageBuilder = imageBuilder;
        this.hostCheck = hostCheck;
        this.err = err;
        this.custom = custom;
    }

    /** The outcome: exit code and where the files are. */
    public record Outcome(int exitCode, Results results) {
    }

    public Outcome run(RunRequest request) throws IOException, UserError {
        String startedAt = Instant.now().toString();
        List<String> usable = new ArrayList<>();
        List<RunConfig.UnavailableRuntime> unavailable = new ArrayList<>();
        for (String name : request.runtimes()) {
            Availability a = registry.create(name).availability();
            if (a.available()) {
                usable.add(name);
            } else {
                unavailable.add(new RunConfig.UnavailableRuntime(name, a.reason()));
            }
        }
        if (usable.isEmpty()) {
            // The error is the one sentence the user sees: no note saying the same thing before it.
            throw new UserError(unavailable.size() == 1
                    ? "runtime " + unavailable.get(0).runtime() + " is unavailable on this host: " + unavailable.get(0).reason()
                    : "none of the runtimes " + String.join(", ", request.runtimes()) + " is available on this host (see isobench doctor)");
        }
        for (RunConfig.UnavailableRuntime u : unavailable) {
            err.println("isobench: runtime " + u.runtime() + " is unavailable, the run goes on without it: " + u.reason());
        }
        Image image = imageBuilder.ensure();
        HostInfo host = hostProbe.probe();
        List<HostConditions.Condition> before = hostCheck.read();
        before.stream().filter(c -> c.warning() != null).forEach(c -> err.println("isobench: note: " + c.warning()));
        CgroupManager cgroups = CgroupManager.open();
        if (cgroups.note() != null) {
            err.println("isobench: note: " + cgroups.note());
        }
        Schedule schedule = request.schedule(usable);
        RunConfig config = new RunConfig(usable, request.workloads().stream().map(Workload::id).toList(), request.trials(),
                request.warmups(), request.limits().cpus(), request.limits().memoryBytes(), request.quick(), request.seed(),
                request.command(), VERSION, image.hash(), unavailable, request.adaptive(),
                request.length().name().toLowerCase(java.util.Locale.ROOT));

        Files.createDirectories(request.out());
        List<Trial> trials = new ArrayList<>();
        boolean interrupted;
        try (RunMarker marker = RunMarker.place(err);
             TrialLog log = new TrialLog(request.out().resolve("trials.jsonl"));
             Interruption interruption = new Interruption(err);
             Progress progress = Progress.forStderr(schedule.planned(), err);
             RunNetwork network = RunNetwork.open(request.workloads(), image, cgroups, interruption, err, custom)) {
            for (RunConfig.UnavailableRuntime u : unavailable) {
                for (Workload w : request.workloads()) {
                    Trial t = TrialRecorder.failed(new PlannedTrial(u.runtime(), w, 1, false), startedAt,
                            Status.UNAVAILABLE, u.reason());
                    log.append(t);
                    trials.add(t);
                }
            }
            boolean cutsSaid = false;
            for (PlannedTrial planned = schedule.next(); planned != null; planned = schedule.next()) {
                if (interruption.requested()) {
                    break;
                }
                if (!cutsSaid && !schedule.cuts().isEmpty()) {
                    cutsSaid = true;
                    err.println("isobench: note: the time budget (" + io.isobench.reports.analysis.Format.plain(request.adaptive().budgetSeconds() / 60.0)
                            + " min; --budget) cuts the second stage of " + schedule.cuts().size() + " cells: "
                            + String.join(", ", schedule.cuts()));
                }
                progress.total(schedule.planned());
                progress.started(planned);
                Trial trial = runOne(planned, image, request, cgroups, interruption, network);
                if (trial == null) {
                    break; // interrupted mid-trial: a half trial is no measurement
                }
                log.append(trial);
                trials.add(trial);
                schedule.finished(planned, trial);
                progress.finished(planned, outcome(trial));
            }
            interrupted = interruption.requested();
        }
        Results results = new Results(Results.SCHEMA, startedAt, Instant.now().toString(), interrupted, host, config,
                trials, Summaries.summarize(trials, config.adaptive()), new HostConditions(before, hostCheck.read()));
        ResultsJson.write(request.out().resolve("results.json"), results);
        ReportWriter.writeAll(request.out(), results);
        long failed = trials.stream().filter(t -> t.status() == Status.FAILED || t.status() == Status.TIMEOUT).count();
        if (failed > 0) {
            err.println("isobench: " + failed + " of " + trials.size() + " trials did not succeed (see reasons in "
                    + request.out().resolve("trials.jsonl") + ")");
        }
        List<FailedCells.Cell> failedCells = FailedCells.of(trials);
        if (!interrupted && !failedCells.isEmpty()) {
            err.println("isobench: " + failedCells.size() + (failedCells.size() == 1 ? " cell has" : " cells have")
                    + " no successful trial (exit " + FailedCells.EXIT_CODE + "): "
                    + String.join("; ", failedCells.stream().map(FailedCells.Cell::toString).toList()));
        }
        err.println("isobench: " + (interrupted ? "interrupted; kept " + trials.size() + " finished trials in " : "results in ")
                + request.out());
        return new Outcome(interrupted ? 130 : failedCells.isEmpty() ? 0 : FailedCells.EXIT_CODE, results);
    }

    /** Runs one trial; null when the run was interrupted during it. */
    private Trial runOne(PlannedTrial planned, Image image, RunRequest request, CgroupManager cgroups,
                         Interruption interruption, RunNetwork network) throws IOException {
        String startedAt = Instant.now().toString();
        FileWorkload own = custom.get(planned.workload().id());
        String refusal = OwnRootLaunch.refusal(own, planned.runtime());
        if (refusal != null) {
            return TrialRecorder.failed(planned, startedAt, Status.UNAVAILABLE, refusal);
        }
        NetAttachment link = null;
        Map<String, String> env = ENV;
        Runtime runtime = registry.create(planned.runtime());
        if (planned.workload().needsNetwork()) {
            String reason = network.unavailableReason(planned.workload().id());
            if (reason != null) {
                return TrialRecorder.failed(planned, startedAt, Status.UNAVAILABLE, reason);
            }
            Availability linkKind = runtime.networkAvailability();
            if (!linkKind.available()) {
                return TrialRecorder.failed(planned, startedAt, Status.UNAVAILABLE, linkKind.reason());
            }
            link = network.attach();
            env = new java.util.HashMap<>(ENV);
            env.put(NetAttachment.PEER_ENV, link.farAddress());
        }
        Path scratch = null;
        Cgroup cgroup = cgroups.create(planned.runtime() + "-" + planned.workload().id() + "-"
                + (planned.warmup() ? "w" : "t") + planned.index());
        try {
            interruption.current(cgroup);
            try {
                cgroup.applyLimits(request.limits());
            } catch (IOException e) {
                return TrialRecorder.failed(planned, startedAt, Status.FAILED, e.getMessage());
            }
            if (planned.workload().needsScratch()) {
                scratch = Files.createTempDirectory(scratchBase(), "isobench-scratch-");
            }
            Launch launch = own != null
                    ? OwnRootLaunch.launch(own, planned.runtime(), env, request.limits(), cgroup, scratch, request.timeout(),
                            request.optionsFor(planned.runtime()), request.length(), link)
                    : new Launch(image.root(), planned.workload().command(request.length()), env, request.limits(),
                            cgroup, scratch, request.timeout(), Stdio.CAPTURE, request.optionsFor(planned.runtime()), link);
            Execution execution;
            try {
                execution = runtime.execute(launch);
            } catch (RuntimeFailure e) {
                if (interruption.requested()) {
                    return null;
                }
                return TrialRecorder.failed(planned, startedAt, Status.FAILED, e.getMessage());
            }
            if (interruption.requested()) {
                return null;
            }
            Resources resources = cgroup.usage();
            Trial trial = TrialRecorder.record(planned, startedAt, execution, resources, launch.timeout());
            return own == null ? trial : MetricExtraction.apply(trial, execution.stdout(), execution.stderr(), own.metrics());
        } finally {
            interruption.current(null);
            cgroup.close();
            if (scratch != null) {
                FileTrees.deleteQuietlyAndCommit(scratch);
            }
        }
    }

    /**
     * Scratch directories live on disk, not on a tmpfs, so the io workloads measure a
     * disk: /var/tmp when it exists, else the JVM's temp dir.
     */
    /** Where trial (and density instance) scratch directories go: /var/tmp, a disk, when writable. */
    public static Path scratchBase() {
        Path varTmp = Path.of("/var/tmp");
        return Files.isDirectory(varTmp) && Files.isWritable(varTmp) ? varTmp : Path.of(System.getProperty("java.io.tmpdir"));
    }

    private static String outcome(Trial t) {
        String s = t.status().json();
        if (t.reason() != null) {
            s += " (" + t.reason() + ")";
        }
        if (t.timeline() != null && t.timeline().totalMs() > 0) {
            s += String.format(java.util.Locale.ROOT, " %.1f ms", t.timeline().totalMs());
        }
        return s;
    }
}
