package io.isobench.harness.workload;

import io.isobench.model.Metric;
import io.isobench.model.Status;
import io.isobench.model.Trial;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Workload files: what a good one means, and the one sentence (file, line) a bad one gets. */
class WorkloadFileTest {

    @Test
    void aYamlFileDefinesWorkloadsWithRegexAndJsonMetrics(@TempDir Path tmp) throws Exception {
        Files.createDirectories(tmp.resolve("root"));
        Path f = Files.writeString(tmp.resolve("w.yaml"), """
                schema: 1
                workloads:
                  - id: custom.score
                    rootfs: dir:root
                    command: ["/bin/sh", "-c", "echo 'score: 42 points'"]
                    env: {MODE: fast}
                    needs: [scratch]
                    timeout: 30
                    metrics:
                      - {name: score, regex: 'score: ([0-9]+)', unit: points, higherIsBetter: true}
                      - {name: iops, json: /jobs/0/read/iops, unit: IOPS, higherIsBetter: true}
                      - {name: warnings, regex: 'warnings=([0-9]+)', stream: stderr, higherIsBetter: false}
                """);
        List<FileWorkload> ws = WorkloadFile.read(f);
        assertEquals(1, ws.size());
        FileWorkload w = ws.get(0);
        assertEquals("custom.score", w.id());
        assertEquals("custom", w.workload().category());
        assertTrue(w.workload().needsScratch());
        assertEquals(List.of("/bin/sh", "-c", "echo 'score: 42 points'"), w.workload().command(io.isobench.workloads.Length.QUICK));
        assertEquals(Map.of("MODE", "fast"), w.env());
        assertEquals(Duration.ofSeconds(30), w.timeout());
        // dir: is relative to the file's directory, and prepared to that directory.
        assertEquals(tmp.resolve("root").toAbsolutePath(), w.prepared().root());
        assertEquals(3, w.metrics().size());
        assertEquals(MetricRule.Stream.STDERR, w.metrics().get(2).stream());
        assertEquals("/jobs/0/read/iops", w.metrics().get(1).jsonPointer());
    }

    @Test
    void theSameInJson(@TempDir Path tmp) throws Exception {
        Path f = Files.writeString(tmp.resolve("w.json"), """
                {"workloads": [{"id": "custom.echo", "rootfs": "dir:/", "command": ["/bin/true"],
                  "metrics": [{"name": "n", "json": "/n", "higherIsBetter": true}]}]}
                """);
        FileWorkload w = WorkloadFile.read(f).get(0);
        assertEquals("custom.echo", w.id());
        assertNull(w.timeout());
        assertEquals(Path.of("/"), w.prepared().root());
    }

    @Test
    void aDebianRootMayBeWrittenAsAMappingWithTheSameCacheKeyAndNetworkMayBeNeeded(@TempDir Path tmp) throws Exception {
        Path f = Files.writeString(tmp.resolve("m.yaml"), """
                workloads:
                  - id: app.one
                    rootfs: {debian: {suite: bookworm, packages: [sysbench, fio]}}
                    needs: [network]
                    command: [/bin/true]
                  - id: app.two
                    rootfs: debian:bookworm:fio,sysbench
                    command: [/bin/true]
                """);
        List<FileWorkload> w = WorkloadFile.read(f);
        DebianRootfs one = (DebianRootfs) w.get(0).rootfs();
        DebianRootfs two = (DebianRootfs) w.get(1).rootfs();
        assertEquals("bookworm", one.suite());
        assertEquals(two.key(), one.key(), "one root, whichever way it is written");
        assertTrue(w.get(0).workload().needsNetwork() && !w.get(1).workload().needsNetwork());
        String head = "workloads:\n  - id: custom.x\n    command: [/bin/true]\n";
        assertBad(tmp, "n.yaml", head + "    rootfs: {debian: {packages: [fio]}}\n", "a rootfs mapping must be {debian: {suite: SUITE");
        assertBad(tmp, "o.yaml", head + "    rootfs: {oci: {path: x}}\n", "a rootfs mapping must be {debian:");
        assertBad(tmp, "p.yaml", head + "    rootfs: {debian: {suite: bookworm, packages: fio}}\n", "(packages: a list of package names)");
    }

    @Test
    void badFilesGetOneSentenceWithFileAndLine(@TempDir Path tmp) throws Exception {
        String head = "workloads:\n  - id: custom.x\n    rootfs: dir:/\n    command: [/bin/true]\n";
        assertBad(tmp, "a.yaml", head + "    comand: [oops]\n", "line 5: unknown field 'comand' (known: ");
        assertBad(tmp, "b.yaml", head + "    timeout: soon\n", "line 5: field 'workloads[0].timeout' has the wrong type (a whole number expected)");
        assertBad(tmp, "c.yaml", head + "    metrics:\n      - {name: s, regex: 'no group', higherIsBetter: true}\n",
                "line 6: the regex of metric s must have exactly one group, it has 0");
        assertBad(tmp, "d.yaml", head + "    metrics:\n      - {name: s, regex: '(a)', json: /a, higherIsBetter: true}\n",
                "metric s needs exactly one of regex and json");
        assertBad(tmp, "e.yaml", head + "    metrics:\n      - {name: s, regex: '(a)'}\n",
                "metric s needs higherIsBetter (true or false)");
        assertBad(tmp, "f.yaml", head.replace("custom.x", "Custom"), "line 2: workload id 'Custom' is not category.name");
        assertBad(tmp, "g.yaml", head.replace("dir:/", "tarball:/x"), "workload custom.x: unknown rootfs kind 'tarball'");
        assertBad(tmp, "h.yaml", "schema: 7\n" + head, "schema 7 is not one this isobench reads (1 to 1)");
        assertBad(tmp, "i.yaml", "workloads: [\n", "line 1: while parsing a flow node, expected the node content");
        assertBad(tmp, "j.json", "{\"workloads\": [}", "line 1: Unexpected close marker '}': expected ']'");
        assertBad(tmp, "k.yaml", head + "    needs: [gpu]\n", "line 2: workload custom.x needs 'gpu' (known: scratch, network)");
        assertBad(tmp, "l.yaml", head + head.substring("workloads:\n".length()), "defines custom.x twice");
        assertBad(tmp, "m.yaml", "schema: 1\n", "the file lists no workloads");
        assertBad(tmp, "n.yaml", head + "    farEndServer: [redis-server]\n",
                "line 2: workload custom.x has a farEndServer but does not need network");
        assertBad(tmp, "o.yaml", head + "    needs: [network]\n    farEndServer: []\n",
                "line 2: workload custom.x has an empty farEndServer (a list: program and arguments)");
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class, () -> WorkloadFile.read(tmp.resolve("none.yaml")));
        assertEquals("workload file " + tmp.resolve("none.yaml") + " does not exist", missing.getMessage());
    }

    private static void assertBad(Path dir, String name, String text, String expected) throws Exception {
        Path f = Files.writeString(dir.resolve(name), text);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> WorkloadFile.read(f), text);
        assertTrue(e.getMessage().startsWith("workload file " + f), e.getMessage());
        assertTrue(e.getMessage().contains(expected), "expected '" + expected + "' in: " + e.getMessage());
        assertTrue(!e.getMessage().contains("io.isobench") && !e.getMessage().contains("\n"), "one plain sentence: " + e.getMessage());
    }

    @Test
    void rulesFindTheirFiguresAndAMissingOneFailsTheTrial() {
        MetricRule score = new MetricRule("score", "points", true, java.util.regex.Pattern.compile("score: ([0-9.]+)"),
                MetricRule.Stream.STDOUT, null);
        MetricRule iops = new MetricRule("iops", "IOPS", true, null, null, "/jobs/0/read/iops");
        MetricRule warn = new MetricRule("warnings", "", false, java.util.regex.Pattern.compile("warnings=([0-9]+)"),
                MetricRule.Stream.STDERR, null);
        Trial ok = trial(List.of(new Metric("own", 1, "x", null, true)));

        Trial t = MetricExtraction.apply(ok, "score: 42.5\n", "warnings=3\n", List.of(score, warn));
        assertEquals(Status.OK, t.status());
        assertEquals(List.of("own", "score", "warnings"), t.metrics().stream().map(Metric::name).toList());
        assertEquals(42.5, t.metrics().get(1).value());
        assertEquals(3.0, t.metrics().get(2).value());

        String fio = "@@isobench ready 1\n{\"jobs\": [{\"read\": {\"iops\": 1234.5}}]}\n";
        assertEquals(1234.5, MetricExtraction.apply(ok, fio, "", List.of(iops)).metrics().get(1).value());

        Trial missing = MetricExtraction.apply(ok, "scor: 1\n", "", List.of(score));
        assertEquals(Status.FAILED, missing.status());
        assertEquals("metric score not found in output", missing.reason());
        Trial wrongStream = MetricExtraction.apply(ok, "warnings=3\n", "", List.of(warn));
        assertEquals("metric warnings not found in output", wrongStream.reason());
        Trial noJson = MetricExtraction.apply(ok, "{\"jobs\": []}", "", List.of(iops));
        assertEquals("metric iops not found in output", noJson.reason());
        assertEquals(Status.FAILED, MetricExtraction.apply(ok, "not json", "", List.of(iops)).status());
        Trial nan = MetricExtraction.apply(ok, "{\"jobs\": [{\"read\": {\"iops\": \"many\"}}]}", "", List.of(iops));
        assertEquals("metric iops is not a number in the output: 'many'", nan.reason());
    }

    private static Trial trial(List<Metric> metrics) {
        return new Trial("bare", "custom.x", 1, false, Status.OK, null, null, null, metrics, null, "2026-12-03T00:00:00Z");
    }
}
