package io.isobench.harness.cli;

import io.isobench.harness.host.HostCheck;
import io.isobench.harness.image.ImageBuilder;
import io.isobench.harness.probe.HostProbe;
import io.isobench.harness.probe.RootProbe;
import io.isobench.harness.run.RunRequest;
import io.isobench.harness.run.RunSession;
import io.isobench.harness.run.RuntimeRegistry;
import io.isobench.harness.run.UserError;
import io.isobench.harness.workload.AdHocWorkload;
import io.isobench.harness.workload.CustomWorkloads;
import io.isobench.harness.workload.FileWorkload;
import io.isobench.harness.workload.WorkloadFile;
import io.isobench.model.Adaptive;
import io.isobench.model.Results;
import io.isobench.reports.Source;
import io.isobench.reports.compare.Gate;
import io.isobench.reports.export.ExportFormat;
import io.isobench.reports.export.Exports;
import io.isobench.runtime.Limits;
import io.isobench.runtime.container.ContainerRuntime;
import io.isobench.runtime.container.ContainerSettings;
import io.isobench.workloads.Length;
import io.isobench.workloads.Workload;
import io.isobench.model.RuntimeName;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code isobench run}: the main job. */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Runs the workloads in each runtime, trials interleaved in a seeded random order, and "
                + "writes trials.jsonl (as trials end), results.json and the reports into the output directory. "
                + "Ctrl-C stops the current trial and keeps the finished ones (exit 130).")
public final class RunCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--runtimes", split = ",", paramLabel = "NAME",
            description = "Runtimes to use (default: isobench's own, every available one): bare, container, vm, "
                    + "and deployed runtimes as KIND:IMPLEMENTATION, e.g. container:runc, container:crun.")
    List<String> runtimes;

    @Option(names = "--workloads", split = ",", paramLabel = "ID|CATEGORY",
            description = "Workload ids (e.g. cpu.sha256) or categories (e.g. io); default: the default suite.")
    List<String> workloads;

    @Option(names = "--workload-file", paramLabel = "FILE",
            description = "Workloads of your own (YAML or JSON, docs/workloads.md), repeatable; their ids work in --workloads. "
                    + "Without --workloads only they run.")
    List<Path> workloadFiles;

    @Option(names = "--rootfs", paramLabel = "SOURCE",
            description = "Measure one command of your own, given after '--', in every runtime: SOURCE is dir:PATH, oci:PATH[:TAG], "
                    + "docker-archive:FILE or debian:SUITE[:PKG,...] (docs/workloads.md).")
    String rootfs;

    @Option(names = "--name", paramLabel = "ID", description = "With --rootfs: the workload id to record (default: adhoc.<program>).")
    String name;

    @Parameters(paramLabel = "CMD", arity = "0..*", description = "With --rootfs: the command and its arguments, after '--'.")
    List<String> adHocCommand;

    @Option(names = "--trials", paramLabel = "N", description = "Measured trials per runtime and workload, fixed (default: "
            + "adaptive, see --precision; 3 with --quick).")
    Integer trials;

    @Option(names = "--precision", paramLabel = "PCT", description = "Adaptive trials (the default): each runtime × workload "
            + "runs until the 95% CI of its headline figure is within ±PCT % of its median (default: 2), 5 to 20 trials.")
    Double precision;

    @Option(names = "--thorough", description = "Publication mode: adaptive with 10 to 50 trials per runtime and workload, "
            + "each workload measuring about 15 s per trial (JMH: forked, 3 x 1 s warm-up, 10 x 1 s), no time budget.")
    boolean thorough;

    @Option(names = "--budget", paramLabel = "MINUTES", description = "Adaptive trials: the run's wall-time budget; the "
            + "second stage is cut to fit it and the report says which figures it left wider than --precision "
            + "(default: 10; none with --thorough; 0: none).")
    Double budgetMinutes;

    @Option(names = "--warmups", paramLabel = "N", description = "Warm-up trials per runtime and workload, marked and left out of the statistics (default: 1).")
    Integer warmups;

    @Option(names = "--cpus", paramLabel = "N", description = "CPU limit per instance, e.g. 1 or 0.5 (cgroup quota; vCPUs for the VM).")
    Double cpus;

    @Option(names = "--memory", paramLabel = "SIZE", description = "Memory limit per instance, e.g. 512M or 2G (no swap).")
    String memory;

    @Option(names = "--quick", description = "Short workload runs and fewer trials, for tests and demos.")
    boolean quick;

    @Option(names = "--out", paramLabel = "DIR", description = "Output directory (default: results/<yyyyMMdd-HHmmss>).")
    Path out;

    @Option(names = "--seed", paramLabel = "N", description = "Seed of the trial order (default: from the clock; recorded in results.json).")
    Long seed;

    @Option(names = "--timeout", paramLabel = "SECONDS", description = "Per-trial time limit (default: 1200; 300 with --quick).")
    Long timeoutSeconds;

    @Option(names = "--runtime-option", paramLabel = "RUNTIME.KEY=VALUE",
            description = "A runtime switch, repeatable, e.g. container.seccomp=off (also caps, nnp, mask, hostname, upper=disk): "
                    + "to measure what a layer of isolation costs.")
    List<String> runtimeOptions;

    @Option(names = "--export", split = ",", paramLabel = "FORMAT",
            description = "Also export the statistics for CI trackers into the output directory: github-action-benchmark, bencher.")
    List<String> exports;

    @Option(names = "--baseline", paramLabel = "FILE",
            description = "Gate the run against this baseline (run directory or results.json), as isobench compare does: exit 1 on a regression.")
    Path baseline;

    @Option(names = "--max-regression", paramLabel = "PCT", description = "With --baseline: largest tolerated worsening of a mean, in percent (default: 5).")
    Double maxRegression;

    @Option(names = "--alpha", paramLabel = "A", description = "With --baseline: significance level per figure (default: 0.05).")
    Double alpha;

    @Option(names = "--junit", paramLabel = "FILE", description = "With --baseline: also write the gate's JUnit XML report.")
    Path junit;

    /** ±% of the median that the adaptive rule aims the headline figure's 95% CI at. */
    static final double DEFAULT_PRECISION = 2.0;
    /** A default run's wall-time budget: what a newcomer or a pull request's CI job will wait (issue 15). */
    static final double DEFAULT_BUDGET_MINUTES = 10;

    /** Seconds of budget for an adaptive run: the default unless asked, none for --thorough or 0. */
    static Integer budgetSeconds(Double minutes, boolean thorough) {
        double m = minutes != null ? minutes : thorough ? 0 : DEFAULT_BUDGET_MINUTES;
        return m == 0 ? null : (int) Math.max(1, Math.round(m * 60));
    }

    /** One registry for the whole command: its KVM calibration is measured once (seconds in the rig). */
    private final RuntimeRegistry registry = RuntimeRegistry.standard();

    /** The user's own workloads, roots prepared; set by {@link #validate()}. */
    private CustomWorkloads custom = CustomWorkloads.NONE;

    /** The topmost directory of --out that this command created (null: it existed), removed again if the run is refused. */
    private Path createdOut;

    @Override
    public Integer call() throws Exception {
        PrintStream err = System.err;
        try {
            // Bad gate or export options fail before a long run, not after it.
            List<ExportFormat> formats = ReportCommand.formats(exports);
            Gate gate = baseline == null ? null : GateRunner.gate(maxRegression, alpha);
            Results base = baseline == null ? null : GateRunner.load("--baseline", baseline);
            RunRequest request = validate();
            RunSession session = new RunSession(registry, HostProbe.standard(registry),
                    ImageBuilder.standard(), HostCheck.here(), err, custom);
            RunSession.Outcome outcome;
            try {
                outcome = session.run(request);
            } catch (UserError e) {
                removeCreatedOut(request.out());
                throw e;
            }
            List<Source> sources = Source.labelled(List.of(outcome.results()));
            for (ExportFormat f : formats) {
                Exports.write(request.out(), f, sources);
            }
            if (gate == null || outcome.exitCode() != 0) {
                return outcome.exitCode();
            }
            return GateRunner.run(gate, base, outcome.results(), junit, spec.commandLine().getOut());
        } catch (UserError e) {
            spec.commandLine().getErr().println("isobench: " + e.getMessage());
            spec.commandLine().getErr().flush();
            return 2;
        }
    }

    RunRequest validate() throws UserError {
        List<String> names = runtimes == null ? registry.defaults() : runtimes.stream().map(String::strip).distinct().toList();
        for (String r : names) {
            if (!registry.has(r) && r.contains(":")) {
                try {
                    RuntimeName.parse(r); // a malformed variant gets the sentence saying how
                } catch (IllegalArgumentException e) {
                    throw new UserError(e.getMessage());
                }
            }
            if (!registry.has(r)) {
                throw new UserError("unknown runtime '" + r + "' (known: " + String.join(", ", registry.names()) + ")");
            }
        }
        List<Workload> selected;
        try {
            custom = customWorkloads();
            selected = custom.select(workloads == null ? null : workloads.stream().map(String::strip).toList());
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
        if (selected.isEmpty()) {
            throw new UserError("no workloads selected");
        }
        if (trials != null && (precision != null || thorough)) {
            throw new UserError("--trials fixes the trial count; it cannot go with " + (thorough ? "--thorough" : "--precision")
                    + ", which choose it adaptively");
        }
        if (precision != null && !(precision > 0 && precision < 100)) {
            throw new UserError("--precision must be a percentage above 0 and below 100, got " + precision);
        }
        if (budgetMinutes != null && (trials != null || !(budgetMinutes >= 0))) {
            throw new UserError(trials != null ? "--budget caps adaptive trials; it cannot go with --trials, which fixes them"
                    : "--budget must be 0 (none) or more minutes, got " + budgetMinutes);
        }
        Adaptive adaptive = trials != null || (quick && precision == null && !thorough && budgetMinutes == null) ? null
                : new Adaptive(precision == null ? DEFAULT_PRECISION : precision, thorough ? 10 : 5, thorough ? 50 : 20,
                budgetSeconds(budgetMinutes, thorough));
        int n = trials != null ? trials : adaptive != null ? adaptive.firstStage() : 3;
        if (n < 1) {
            throw new UserError("--trials must be at least 1, got " + n);
        }
        int w = warmups == null ? 1 : warmups;
        if (w < 0) {
            throw new UserError("--warmups must be 0 or more, got " + w);
        }
        Limits limits;
        try {
            Long memoryBytes = memory == null ? null : Sizes.parse(memory, "--memory");
            limits = new Limits(cpus, memoryBytes, null);
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
        if (cpus != null && cpus > java.lang.Runtime.getRuntime().availableProcessors()) {
            throw new UserError("--cpus " + cpus + " is more than this host's " + java.lang.Runtime.getRuntime().availableProcessors() + " CPUs");
        }
        long timeout = timeoutSeconds == null ? (quick ? 300 : 1200) : timeoutSeconds;
        if (timeout < 1) {
            throw new UserError("--timeout must be at least 1 second, got " + timeout);
        }
        if (!RootProbe.isRoot()) {
            throw new UserError("isobench run needs root: it creates a cgroup for every trial (try sudo)");
        }
        try {
            // After the root check: a debian: root is built by debootstrap, which needs root.
            custom = custom.prepared(selected);
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
        Path dir;
        if (out != null) {
            dir = out;
            createdOut = firstMissing(dir.toAbsolutePath());
        } else {
            Path results = Path.of("results").toAbsolutePath();
            Path missing = firstMissing(results);
            dir = freshDirectory(results, LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
            createdOut = missing != null ? missing : dir;
        }
        checkWritable(dir);
        String command = "isobench " + String.join(" ", spec.commandLine().getParseResult().originalArgs());
        Length length = quick ? Length.QUICK : thorough ? Length.THOROUGH : Length.NORMAL;
        return new RunRequest(names, runtimes != null, selected, n, w, limits, length,
                seed != null ? seed : System.nanoTime(), Duration.ofSeconds(timeout), dir.toAbsolutePath(), command,
                parseRuntimeOptions(registry), adaptive);
    }

    /** Workload files, the app suite when named, and --rootfs, parsed (bad input: IllegalArgumentException). */
    private CustomWorkloads customWorkloads() {
        List<FileWorkload> own = new ArrayList<>();
        for (Path f : workloadFiles == null ? List.<Path>of() : workloadFiles) {
            own.addAll(WorkloadFile.read(f));
        }
        if (workloads != null && workloads.stream().map(String::strip).anyMatch(n -> n.equals("app") || n.startsWith("app."))) {
            own.addAll(WorkloadFile.app()); // the application suite: built-in workload files, asked for by name only
        }
        if (rootfs != null) {
            own.add(AdHocWorkload.of(rootfs, name, adHocCommand, Path.of("")));
        } else if (adHocCommand != null && !adHocCommand.isEmpty()) {
            throw new IllegalArgumentException("a command to measure (" + String.join(" ", adHocCommand)
                    + ") needs --rootfs SOURCE before '--'");
        } else if (name != null) {
            throw new IllegalArgumentException("--name applies to --rootfs only");
        }
        return new CustomWorkloads(own);
    }

    /** {@code container.seccomp=off} → {container: {seccomp: off}}, checked by the runtime's own rules. */
    private Map<String, Map<String, String>> parseRuntimeOptions(RuntimeRegistry registry) throws UserError {
        Map<String, Map<String, String>> byRuntime = new LinkedHashMap<>();
        for (String o : runtimeOptions == null ? List.<String>of() : runtimeOptions) {
            int dot = o.indexOf('.');
            int eq = o.indexOf('=');
            if (dot < 1 || eq < dot + 2) {
                throw new UserError("bad --runtime-option '" + o + "' (use RUNTIME.KEY=VALUE, e.g. container.seccomp=off)");
            }
            String runtime = o.substring(0, dot);
            if (!registry.has(runtime)) {
                throw new UserError("--runtime-option '" + o + "' names an unknown runtime '" + runtime + "'");
            }
            byRuntime.computeIfAbsent(runtime, k -> new LinkedHashMap<>()).put(o.substring(dot + 1, eq), o.substring(eq + 1));
        }
        for (var e : byRuntime.entrySet()) {
            if (RuntimeName.parse(e.getKey()).kind().equals(ContainerRuntime.NAME)) {
                try {
                    ContainerSettings.from(e.getValue());
                } catch (IllegalArgumentException bad) {
                    throw new UserError(bad.getMessage());
                }
            }
        }
        return byRuntime;
    }

    /** The outermost directory of {@code dir} (itself included) that does not exist yet; null when it exists. */
    private static Path firstMissing(Path dir) {
        Path missing = null;
        for (Path p = dir; p != null && !Files.exists(p); p = p.getParent()) {
            missing = p;
        }
        return missing;
    }

    /**
     * A run refused before its first trial (e.g. every runtime unavailable) leaves no empty
     * output directory behind: removes the directories this command created, if still empty.
     */
    private void removeCreatedOut(Path out) {
        if (createdOut == null) {
            return;
        }
        for (Path p = out; p != null && p.startsWith(createdOut); p = p.getParent()) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                return; // not empty (something was written): keep it
            }
        }
    }

    /** PARENT/NAME, or NAME-2, NAME-3...: created atomically, so two runs started in the same second never share one. */
    static Path freshDirectory(Path parent, String name) throws UserError {
        try {
            Files.createDirectories(parent);
            for (int i = 1; ; i++) {
                Path dir = parent.resolve(i == 1 ? name : name + "-" + i);
                try {
                    return Files.createDirectory(dir);
                } catch (java.nio.file.FileAlreadyExistsException taken) {
                    // another run of the same second: next suffix
                }
            }
        } catch (IOException e) {
            throw new UserError("cannot create the output directory in " + parent + ": " + reason(e));
        }
    }

    private static void checkWritable(Path dir) throws UserError {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UserError("cannot create the output directory " + dir + ": " + reason(e));
        }
        if (Files.exists(dir.resolve("trials.jsonl")) || Files.exists(dir.resolve("results.json"))) {
            throw new UserError(dir + " already holds results; choose another --out");
        }
        Path probe = dir.resolve(".isobench-write-test");
        try {
            Files.writeString(probe, "");
            Files.delete(probe);
        } catch (IOException e) {
            throw new UserError("cannot write to the output directory " + dir + ": " + reason(e));
        }
    }

    private static String reason(IOException e) {
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof java.nio.file.FileAlreadyExistsException) {
            return "a file of that name exists";
        }
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "no such file or directory";
        }
        if (e instanceof java.nio.file.FileSystemException fse && fse.getReason() != null) {
            return fse.getReason();
        }
        return String.valueOf(e.getMessage());
    }

}
