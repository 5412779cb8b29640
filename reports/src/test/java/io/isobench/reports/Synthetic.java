package io.isobench.reports;

import io.isobench.model.HostInfo;
import io.isobench.model.Metric;
import io.isobench.model.Phase;
import io.isobench.model.Resources;
import io.isobench.model.Results;
import io.isobench.model.RunConfig;
import io.isobench.model.Status;
import io.isobench.model.Timeline;
import io.isobench.model.Trial;
import io.isobench.model.VmStats;
import io.isobench.reports.analysis.Analysis;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Test data: real Results objects whose trials are drawn from seeded normal distributions,
 * so a test knows the truth it should find.
 */
public final class Synthetic {
    private final SplittableRandom random;
    private final List<Trial> trials = new ArrayList<>();

    public Synthetic(long seed) {
        random = new SplittableRandom(seed);
    }

    /** Three runtimes, a startup and a metric workload, a warm-up and a failure: what a report must handle. */
    public static Synthetic threeRuntimes() {
        Synthetic s = new Synthetic(3)
                .startup("bare", "startup.noop", 10, 2.0, 0.03)
                .startup("container", "startup.noop", 10, 8.0, 0.03)
                .startup("vm", "startup.noop", 10, 120.0, 0.03)
                .metric("bare", "cpu.sha256", 10, "throughput", "ops/s", true, 1000, 0.02)
                .metric("container", "cpu.sha256", 10, "throughput", "ops/s", true, 1000, 0.02)
                .metric("vm", "cpu.sha256", 10, "throughput", "ops/s", true, 900, 0.02);
        s.add(new Trial("bare", "startup.noop", 1, true, Status.OK, null, null, null, null, null, null));
        s.add(new Trial("container", "cpu.sha256", 11, false, Status.FAILED, "exit code 1: boom", null, null, null, null, null));
        return s;
    }

    public double normal(double mean, double sd) {
        // Box-Muller: SplittableRandom has no nextGaussian in Java 17.
        double u = 1 - random.nextDouble();
        double v = random.nextDouble();
        return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }

    /** n startup trials (no workload metrics): totalMs ~ N(ms, ms*cv), phases summing up to it. */
    public Synthetic startup(String runtime, String workload, int n, double ms, double cv) {
        for (int i = 1; i <= n; i++) {
            double total = normal(ms, ms * cv);
            List<Phase> phases = List.of(new Phase("launcher", total * 0.2), new Phase("cgroup", total * 0.1),
                    new Phase("exec", total * 0.3), new Phase("exit", total * 0.4));
            trials.add(new Trial(runtime, workload, i, false, Status.OK, null, new Timeline(phases, null, total),
                    resources(total), List.of(), vm(runtime), "2026-01-01T00:00:00Z"));
        }
        return this;
    }

    /** n trials of a workload with one metric ~ N(value, value*cv). */
    public Synthetic metric(String runtime, String workload, int n, String name, String unit, boolean higherIsBetter,
                            double value, double cv) {
        for (int i = 1; i <= n; i++) {
            double total = normal(900, 9);
            Metric m = new Metric(name, normal(value, value * cv), unit, value * 0.01, higherIsBetter);
            trials.add(new Trial(runtime, workload, i, false, Status.OK, null,
                    new Timeline(List.of(new Phase("launcher", 5), new Phase("ready", 100), new Phase("exit", total - 105)), 105.0, total),
                    resources(total), List.of(m), vm(runtime), "2026-01-01T00:00:00Z"));
        }
        return this;
    }

    public Synthetic add(Trial t) {
        trials.add(t);
        return this;
    }

    private Resources resources(double ms) {
        return new Resources((long) (ms * 0.6e6), (long) (ms * 0.2e6), (long) normal(40e6, 1e6), 0, (long) normal(16 << 20, 1000));
    }

    private static VmStats vm(String runtime) {
        return runtime.equals("vm") ? new VmStats(Map.of("io", 1200L, "mmio", 800L, "hlt", 300L), 256L << 20, 90L << 20, 20L << 20) : null;
    }

    public List<Trial> trials() {
        return List.copyOf(trials);
    }

    public Results results() {
        return results("test-host");
    }

    public Results results(String hostname) {
        HostInfo host = new HostInfo(hostname, "Test CPU @ 3.0GHz", 2, 4, 8L << 30, "Debian 12", "6.1.0", "none", "hybrid",
                true, List.of());
        List<String> runtimes = trials.stream().map(Trial::runtime).distinct().toList();
        List<String> workloads = trials.stream().map(Trial::workload).distinct().toList();
        RunConfig config = new RunConfig(runtimes, workloads, 10, 1, null, null, false, 42,
                "isobench run --runtimes " + String.join(",", runtimes) + " --seed 42", "0.1.0", "abc123", List.of());
        return new Results(Results.SCHEMA, "2026-01-01T00:00:00Z", "2026-01-01T00:10:00Z", false, host, config, trials,
                Analysis.of(trials).summaryRows());
    }
}
