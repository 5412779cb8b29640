package io.isobench.harness.cli;

import io.isobench.harness.density.DensityRequest;
import io.isobench.harness.density.DensitySession;
import io.isobench.harness.density.DensityWorkload;
import io.isobench.harness.image.ImageBuilder;
import io.isobench.harness.probe.HostProbe;
import io.isobench.harness.probe.RootProbe;
import io.isobench.harness.run.RuntimeRegistry;
import io.isobench.harness.run.UserError;
import io.isobench.model.density.DensityJson;
import io.isobench.runtime.Limits;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code isobench density}: how many instances fit on this host and how fast they come up. */
@Command(name = "density", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Starts instances of each runtime in waves until N are ready at once (or the memory bound or a failing "
                + "start says how many fit), runs them together, stops them, and writes density.json and the reports: "
                + "creation rate, start latency under concurrency, host memory per instance (with a linear fit), PSS, "
                + "teardown time, leftovers checked. Ctrl-C stops every instance and keeps the figures so far (exit 130).")
public final class DensityCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--runtimes", split = ",", paramLabel = "NAME", description = "Runtimes to measure, one after the other (default: bare,container).")
    List<String> runtimes;

    @Option(names = "--count", paramLabel = "N", description = "Instances wanted ready at once (default: 100).")
    Integer count;

    @Option(names = "--until-memory", paramLabel = "SIZE", description = "Instead of --count: start instances until their host memory reaches SIZE (e.g. 2G).")
    String untilMemory;

    @Option(names = "--concurrency", paramLabel = "C", description = "Instances started at once per wave (default: the host's CPUs).")
    Integer concurrency;

    @Option(names = "--steady", paramLabel = "SECONDS", description = "How long all instances run together before they are stopped (default: 10).")
    Integer steady;

    @Option(names = "--workload", paramLabel = "ID", description = "startup.idle (static, default), startup.idle-jvm, or any workload of the suite (e.g. cpu.sha256; not the net ones).")
    String workload;

    @Option(names = "--cpus", paramLabel = "N", description = "CPU limit per instance, e.g. 0.1.")
    Double cpus;

    @Option(names = "--memory", paramLabel = "SIZE", description = "Memory limit per instance, e.g. 64M.")
    String memory;

    @Option(names = "--ready-timeout", paramLabel = "SECONDS", description = "How long one instance may take to be ready before its start counts as failed (default: 120).")
    Integer readyTimeout;

    @Option(names = "--ksm", paramLabel = "on|off", description = "on: offer the VMs' guest RAM to KSM, switch KSM on "
            + "after the figures at N and take them again once it settled; KSM's settings are put back after (default: off, "
            + "KSM left as it is; its state is recorded either way).")
    String ksm;

    @Option(names = "--out", paramLabel = "DIR", description = "Output directory (default: results/density-<yyyyMMdd-HHmmss>).")
    Path out;

    private final RuntimeRegistry registry = RuntimeRegistry.standard();

    @Override
    public Integer call() throws IOException {
        try {
            DensityRequest request = validate();
            return new DensitySession(registry, HostProbe.standard(registry), ImageBuilder.standard(), System.err)
                    .run(request).exitCode();
        } catch (UserError e) {
            spec.commandLine().getErr().println("isobench: " + e.getMessage());
            spec.commandLine().getErr().flush();
            return 2;
        }
    }

    DensityRequest validate() throws UserError {
        List<String> names = runtimes == null ? List.of("bare", "container") : runtimes.stream().map(String::strip).distinct().toList();
        for (String r : names) {
            if (!registry.has(r)) {
                throw new UserError("unknown runtime '" + r + "' (known: " + String.join(", ", registry.names()) + ")");
            }
            if (!(registry.create(r) instanceof io.isobench.runtime.InstanceRuntime)) {
                throw new UserError("runtime " + r + " cannot keep instances running yet, so density cannot measure it"
                        + " (see docs/density.md)");
            }
        }
        DensityWorkload w;
        try {
            w = DensityWorkload.resolve(workload == null ? "startup.idle" : workload);
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
        if (count != null && untilMemory != null) {
            throw new UserError("give either --count or --until-memory, not both");
        }
        Long untilBytes = null;
        int n;
        try {
            if (untilMemory != null) {
                untilBytes = Sizes.parse(untilMemory, "--until-memory");
                n = 100_000; // bounded by the memory, a failing start or Ctrl-C
            } else {
                n = count == null ? 100 : count;
            }
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
        if (n < 1) {
            throw new UserError("--count must be at least 1, got " + n);
        }
        int c = concurrency == null ? java.lang.Runtime.getRuntime().availableProcessors() : concurrency;
        if (c < 1) {
            throw new UserError("--concurrency must be at least 1, got " + c);
        }
        int s = steady == null ? 10 : steady;
        if (s < 0) {
            throw new UserError("--steady must be 0 or more seconds, got " + s);
        }
        int rt = readyTimeout == null ? 120 : readyTimeout;
        if (rt < 1) {
            throw new UserError("--ready-timeout must be at least 1 second, got " + rt);
        }
        Limits limits;
        try {
            limits = new Limits(cpus, memory == null ? null : Sizes.parse(memory, "--memory"), null);
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
        if (!RootProbe.isRoot()) {
            throw new UserError("isobench density needs root: it creates a cgroup for every instance (try sudo)");
        }
        Path dir = (out != null ? out : Path.of("results", "density-"
                + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")))).toAbsolutePath();
        // The session creates the directory once the runtimes are known to be usable: a refused
        // run leaves no empty directory behind.
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new UserError("cannot use " + dir + " as the output directory: a file of that name exists");
        }
        if (Files.exists(dir.resolve(DensityJson.FILE))) {
            throw new UserError(dir + " already holds density results; choose another --out");
        }
        String command = "isobench " + String.join(" ", spec.commandLine().getParseResult().originalArgs());
        boolean ksmOn = switch (ksm == null ? "off" : ksm) {
            case "on" -> true;
            case "off" -> false;
            default -> throw new UserError("--ksm must be on or off, got '" + ksm + "'");
        };
        return new DensityRequest(names, w, n, untilBytes, c, s, limits, Duration.ofSeconds(rt), dir, command, ksmOn);
    }
}
