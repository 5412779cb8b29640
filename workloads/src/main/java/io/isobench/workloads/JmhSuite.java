package io.isobench.workloads;

import io.isobench.workloads.bench.MatmulBench;
import io.isobench.workloads.bench.PageFaultBench;
import io.isobench.workloads.bench.RandReadBench;
import io.isobench.workloads.bench.RandomAccessBench;
import io.isobench.workloads.bench.SeqWriteBench;
import io.isobench.workloads.bench.Sha256Bench;
import io.isobench.workloads.bench.SyscallBench;
import io.isobench.workloads.bench.TriadBench;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The JMH workloads of the {@link Catalog}: which benchmark class each id runs, its sizes in
 * quick and normal mode, and the metrics it reports.
 *
 * <p>Every metric's {@code error} is JMH's score error: the half-width of the 99.9%
 * confidence interval (Student's t over the measured iterations of all forks) around the
 * mean score, scaled like the score. It is null when JMH has too few iterations for one.
 */
public final class JmhSuite {
    private static final double MIB = 1 << 20;

    private static final List<JmhWorkload> ALL = List.of(
            new JmhWorkload("cpu.sha256", Sha256Bench.class, Map.of(), Map.of(), 1,
                    (r, p, t) -> List.of(scaled(r.getPrimaryResult(), "ops/s", Sha256Bench.BYTES / 1e6,
                            "throughput", "MB/s", true))),
            new JmhWorkload("cpu.matmul", MatmulBench.class, Map.of(), Map.of(), 0,
                    (r, p, t) -> List.of(
                            scaled(r.getPrimaryResult(), "ops/s", MatmulBench.FLOPS_PER_OP / 1e9, "throughput", "GFLOP/s", true),
                            new MetricValue("threads", t, "threads", null, true))),
            new JmhWorkload("memory.triad", TriadBench.class, Map.of("mib", "32"), Map.of("mib", "128"), 1,
                    (r, p, t) -> List.of(scaled(r.getPrimaryResult(), "ops/s",
                            TriadBench.elements(Integer.parseInt(p.get("mib"))) * 3.0 * Double.BYTES / 1e9,
                            "bandwidth", "GB/s", true))),
            new JmhWorkload("memory.random-access", RandomAccessBench.class, Map.of("mib", "64"), Map.of("mib", "256"), 1,
                    (r, p, t) -> List.of(scaled(r.getPrimaryResult(), "ns/op", 1, "latency", "ns", false))),
            new JmhWorkload("memory.page-faults", PageFaultBench.class, Map.of(), Map.of(), 1, JmhSuite::pageFaults),
            new JmhWorkload("io.seq-write", SeqWriteBench.class, Map.of("mib", "32"), Map.of("mib", "256"), 1,
                    (r, p, t) -> List.of(scaled(r.getPrimaryResult(), "ops/s", Integer.parseInt(p.get("mib")) * MIB / 1e6,
                            "throughput", "MB/s", true))),
            // "direct" is filled in by Main after probing the scratch filesystem.
            new JmhWorkload("io.rand-read", RandReadBench.class, Map.of("mib", "32"), Map.of("mib", "256"), 1,
                    (r, p, t) -> List.of(scaled(r.getPrimaryResult(), "ops/s", 1,
                            Boolean.parseBoolean(p.get("direct")) ? "iops-direct" : "iops-buffered", "IOPS", true))),
            new JmhWorkload("syscall.rate", SyscallBench.class, Map.of(), Map.of(), 1,
                    (r, p, t) -> List.of(scaled(r.getPrimaryResult(), "ops/s", 1, "rate", "calls/s", true))));

    private JmhSuite() {
    }

    /** The JMH workload with this id, or null (also for the catalog's non-JMH entries). */
    public static JmhWorkload forId(String id) {
        return ALL.stream().filter(w -> w.id().equals(id)).findFirst().orElse(null);
    }

    public static List<JmhWorkload> all() {
        return ALL;
    }

    /**
     * A JMH score in our unit: JMH scores and errors are linear in ops/s or ns/op, so one
     * factor converts both. The JMH unit is checked, so a changed annotation fails loudly
     * instead of silently mis-scaling.
     */
    static MetricValue scaled(Result<?> result, String jmhUnit, double factor, String name, String unit, boolean higherIsBetter) {
        if (!jmhUnit.equals(result.getScoreUnit())) {
            throw new IllegalStateException("expected a JMH score in " + jmhUnit + " but got " + result.getScoreUnit());
        }
        double error = result.getScoreError();
        return new MetricValue(name, result.getScore() * factor, unit,
                Double.isFinite(error) ? error * factor : null, higherIsBetter);
    }

    /** ns per 4 KiB page touched, and, when /proc could be read, minor faults per page. */
    private static List<MetricValue> pageFaults(RunResult r, Map<String, String> params, int threads) {
        List<MetricValue> out = new ArrayList<>();
        out.add(scaled(r.getPrimaryResult(), "ns/op", 1, "first-touch", "ns/page", false));
        Result<?> faults = r.getSecondaryResults().get("minorFaults");
        Result<?> pages = r.getSecondaryResults().get("pagesTouched");
        if (faults != null && pages != null && pages.getScore() > 0) {
            out.add(new MetricValue("faults-per-page", faults.getScore() / pages.getScore(), "faults/page", null, false));
        }
        return out;
    }
}
