package io.isobench.harness.density;

import io.isobench.harness.image.Image;
import io.isobench.harness.image.ImageBuilder;
import io.isobench.harness.probe.HostProbe;
import io.isobench.harness.run.RunSession;
import io.isobench.harness.run.RuntimeRegistry;
import io.isobench.harness.run.UserError;
import io.isobench.model.HostInfo;
import io.isobench.model.density.DensityConfig;
import io.isobench.model.density.DensityJson;
import io.isobench.model.density.DensityResults;
import io.isobench.model.density.DensityRun;
import io.isobench.reports.density.DensityReport;
import io.isobench.runtime.Availability;
import io.isobench.runtime.InstanceRuntime;
import io.isobench.runtime.Runtime;
import io.isobench.runtime.cgroup.CgroupManager;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code isobench density}: the runtimes one after the other (never mixed on the host), each
 * ramp from a fresh state, then density.json and the reports. Ctrl-C ends the current ramp,
 * keeps what was measured, writes the files and returns 130.
 */
public final class DensitySession {
    private final RuntimeRegistry registry;
    private final HostProbe hostProbe;
    private final ImageBuilder imageBuilder;
    private final PrintStream err;

    public DensitySession(RuntimeRegistry registry, HostProbe hostProbe, ImageBuilder imageBuilder, PrintStream err) {
        this.registry = registry;
        this.hostProbe = hostProbe;
        this.imageBuilder = imageBuilder;
        this.err = err;
    }

    /** The outcome: exit code (0 done, 130 interrupted) and the results written. */
    public record Outcome(int exitCode, DensityResults results) {
    }

    public Outcome run(DensityRequest request) throws IOException, UserError {
        String startedAt = Instant.now().toString();
        List<InstanceRuntime> runtimes = new ArrayList<>();
        for (String name : request.runtimes()) {
            Runtime r = registry.create(name);
            if (!(r instanceof InstanceRuntime ir)) {
                throw new UserError("runtime " + name + " cannot keep instances running yet, so density cannot measure it"
                        + " (bare and container can)");
            }
            Availability a = r.availability();
            if (!a.available()) {
                throw new UserError("runtime " + name + " is unavailable on this host: " + a.reason());
            }
            runtimes.add(ir);
        }
        Image image = imageBuilder.ensure();
        HostInfo host = hostProbe.probe();
        CgroupManager cgroups = CgroupManager.open();
        if (cgroups.note() != null) {
            err.println("isobench: note: " + cgroups.note());
        }
        DensityConfig config = new DensityConfig(request.runtimes(), request.workload().id(), request.count(),
                request.untilMemoryBytes(), request.concurrency(), request.steadySeconds(), request.limits().cpus(),
                request.limits().memoryBytes(), request.command(), RunSession.VERSION, request.ksm() ? "on" : "off");
        try {
            Files.createDirectories(request.out());
        } catch (IOException e) {
            throw new UserError("cannot create the output directory " + request.out() + ": " + e.getMessage());
        }
        List<DensityRun> runs = new ArrayList<>();
        LiveInstances live = new LiveInstances();
        boolean interrupted;
        try (DensityInterruption interruption = new DensityInterruption(live, err)) {
            for (InstanceRuntime runtime : runtimes) {
                if (interruption.requested()) {
                    break;
                }
                err.printf("isobench: %s: %s of %s, %d at a time%n", runtime.name(), request.untilMemoryBytes() == null
                        ? request.count() + " instances" : "instances until their host memory reaches "
                        + io.isobench.runtime.launch.Sizes.format(request.untilMemoryBytes()),
                        request.workload().id(), request.concurrency());
                DensityRamp ramp = new DensityRamp(runtime, image.root(), cgroups, request,
                        request.ksm() ? Map.of("mergeable", "true") : Map.of(), live,
                        interruption::requested, new HostMemory(), err);
                DensityRun run = ramp.run();
                runs.add(run);
                // Written after every runtime, so a crash later keeps the finished ones.
                DensityJson.write(request.out().resolve(DensityJson.FILE), new DensityResults(DensityResults.SCHEMA,
                        DensityResults.KIND, startedAt, Instant.now().toString(), interruption.requested(), host, config, runs));
            }
            interrupted = interruption.requested();
        }
        DensityResults results = new DensityResults(DensityResults.SCHEMA, DensityResults.KIND, startedAt,
                Instant.now().toString(), interrupted, host, config, runs);
        DensityJson.write(request.out().resolve(DensityJson.FILE), results);
        DensityReport.writeAll(request.out(), results);
        err.println("isobench: " + (interrupted ? "interrupted; figures so far in " : "density results in ") + request.out());
        return new Outcome(interrupted ? 130 : 0, results);
    }
}
