package io.isobench.harness.cli;

import io.isobench.model.Metric;
import io.isobench.model.ResultsJson;
import io.isobench.model.Status;
import io.isobench.model.Trial;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static io.isobench.harness.cli.RunCommandTest.cli;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The app suite (fio, sysbench, sqlite, redis, and redis over the link to the far end, on a
 * debian: root) in bare and container, as root.
 * The first run on a machine builds the root with debootstrap from deb.debian.org (about
 * 2-3 minutes, once; then cached); each quick trial takes 1-3 s.
 */
class AppSuiteTest {
    private static final Map<String, List<String>> METRICS = Map.of(
            "app.fio-seq-write", List.of("throughput"),
            "app.fio-rand-read", List.of("iops", "latency-p99"),
            "app.sysbench-cpu", List.of("events"),
            "app.sysbench-memory", List.of("bandwidth"),
            "app.sqlite", List.of("insert-tps", "select-qps", "update-tps"),
            "app.redis", List.of("set", "get", "get-p50", "get-p99"),
            "app.redis-net", List.of("set", "get", "get-p50", "get-p99"));

    @Test
    void everyAppWorkloadGivesItsMetricsInBareAndContainer(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("out");
        var r = cli("run", "--workloads", "app", "--runtimes", "bare,container", "--quick", "--trials", "1", "--warmups", "0",
                "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        List<Trial> trials = ResultsJson.readTrials(out.resolve("trials.jsonl"));
        assertEquals(2 * METRICS.size(), trials.size());
        for (Trial t : trials) {
            assertEquals(Status.OK, t.status(), t.runtime() + " " + t.workload() + ": " + t.reason());
            List<String> names = t.metrics().stream().map(Metric::name).toList();
            assertEquals(METRICS.get(t.workload()), names, t.toString());
            for (Metric m : t.metrics()) {
                assertTrue(m.value() > 0, t.runtime() + " " + t.workload() + " " + m);
            }
        }
        // An unknown app id is one sentence naming the valid ones, before any build.
        var unknown = cli("run", "--workloads", "app.nope", "--out", tmp.resolve("o2").toString());
        assertEquals(2, unknown.code());
        assertTrue(unknown.err().startsWith("isobench: unknown workload or category 'app.nope'; valid are the built-in ones and app.fio-seq-write,"),
                unknown.err());
    }
}
