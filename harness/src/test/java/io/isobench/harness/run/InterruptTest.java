package io.isobench.harness.run;

import io.isobench.model.Results;
import io.isobench.model.ResultsJson;
import io.isobench.model.Trial;
import io.isobench.runtime.cgroup.CgroupManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Ctrl-C mid-run, for real: isobench runs as a child JVM, gets SIGINT while a trial is
 * running, and must keep the finished trials, write results.json marked interrupted,
 * exit 130, and leave no cgroup and no workload process behind.
 */
class InterruptTest {

    @Test
    void sigintKeepsFinishedTrialsAndLeavesNothingBehind(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("out");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // env --default-signal: a shell that started us in the background may have left
        // SIGINT ignored, and ignored signals stay ignored across exec.
        Process p = new ProcessBuilder("env", "--default-signal=INT", java, "-cp", System.getProperty("java.class.path"),
                "io.isobench.harness.Main", "run", "--runtimes", "bare", "--workloads", "startup.jvm-hello",
                "--trials", "500", "--warmups", "0", "--out", out.toString())
                .redirectErrorStream(true).redirectOutput(tmp.resolve("log").toFile()).start();
        try {
            Path log = out.resolve("trials.jsonl");
            long deadline = System.currentTimeMillis() + 120_000;
            while (lines(log) < 3) {
                assertTrue(p.isAlive(), "isobench ended early: " + Files.readString(tmp.resolve("log")));
                assertTrue(System.currentTimeMillis() < deadline, "no trials after 120 s");
                Thread.sleep(50);
            }
            // Catch it with a workload running: the launcher and the JVM it started.
            List<ProcessHandle> children;
            long waitDeadline = System.currentTimeMillis() + 10_000;
            do {
                children = p.toHandle().descendants().toList();
            } while (children.size() < 2 && System.currentTimeMillis() < waitDeadline);
            new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor();
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "isobench did not stop after SIGINT");
            String text = Files.readString(tmp.resolve("log"));
            assertEquals(130, p.exitValue(), text);

            List<Trial> kept = ResultsJson.readTrials(log);
            assertTrue(kept.size() >= 3, "kept " + kept.size());
            Results results = ResultsJson.read(out.resolve("results.json"));
            assertTrue(results.interrupted());
            assertEquals(kept, results.trials());
            assertTrue(kept.stream().allMatch(t -> t.status() == io.isobench.model.Status.OK),
                    "the interrupted trial must not be recorded as a failure: " + kept);

            for (ProcessHandle child : children) {
                // A killed process whose parent died too is a zombie until init reaps it: allow that a moment.
                long reapDeadline = System.currentTimeMillis() + 5_000;
                while (child.isAlive() && System.currentTimeMillis() < reapDeadline) {
                    Thread.sleep(20);
                }
                assertFalse(child.isAlive(), "process " + child.pid() + " " + child.info().commandLine().orElse("") + " survived");
            }
            String prefix = "isobench-" + p.pid() + "_";
            for (Path parent : CgroupManager.open().parents()) {
                try (Stream<Path> list = Files.list(parent)) {
                    List<Path> left = list.filter(d -> d.getFileName().toString().startsWith(prefix)).toList();
                    assertEquals(List.of(), left, "cgroups left behind");
                }
            }
        } finally {
            p.destroyForcibly();
        }
    }

    private static long lines(Path file) throws Exception {
        if (!Files.exists(file)) {
            return 0;
        }
        try (Stream<String> s = Files.lines(file)) {
            return s.count();
        }
    }
}
