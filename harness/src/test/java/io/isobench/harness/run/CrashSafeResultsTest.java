package io.isobench.harness.run;

import io.isobench.harness.Main;
import io.isobench.model.Results;
import io.isobench.model.ResultsJson;
import io.isobench.model.Trial;
import io.isobench.reports.ResultsFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Results survive a crash: {@code kill -9} of a real {@code isobench run} (a child JVM) at
 * random moments (four in five among the trials, one in five during start-up), {@value #CI_KILLS} times in CI; the soak runs 200 with
 * {@code -Disobench.crashKills=200} (README). After each kill: every complete line of
 * trials.jsonl is a trial, at most the last one is torn, results.json is absent or whole,
 * and {@code report} rebuilds results.json from the log. Needs root (cgroups).
 */
class CrashSafeResultsTest {
    static final int CI_KILLS = 20;

    @Test
    void killNineAtRandomMomentsLeavesWholeLinesAndAWholeOrAbsentResultsJson(@TempDir Path tmp) throws Exception {
        int kills = Integer.getInteger("isobench.crashKills", CI_KILLS);
        Random random = new Random(Long.getLong("isobench.crashSeed", 16));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        int withTrials = 0;
        int torn = 0;
        for (int k = 0; k < kills; k++) {
            Path out = tmp.resolve("run-" + k);
            Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), "io.isobench.harness.Main",
                    "run", "--runtimes", "bare", "--workloads", "startup.noop", "--trials", "40", "--warmups", "0",
                    "--out", out.toString())
                    .redirectErrorStream(true).redirectOutput(tmp.resolve("log-" + k).toFile()).start();
            Path log = out.resolve("trials.jsonl");
            if (k % 5 != 0) {
                // Most kills land among the trials (start-up, image check and host probe take
                // seconds on a loaded host); every fifth anywhere in the start-up.
                long deadline = System.currentTimeMillis() + 60_000;
                while (!Files.exists(log) && p.isAlive() && System.currentTimeMillis() < deadline) {
                    Thread.sleep(5);
                }
            }
            Thread.sleep(random.nextInt(1500));
            p.destroyForcibly(); // SIGKILL
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
            Path json = out.resolve("results.json");
            if (Files.exists(json)) {
                Results r = ResultsJson.read(json); // whole, or this throws
                assertEquals(ResultsJson.readTrials(log), r.trials());
            }
            if (!Files.exists(log)) {
                continue; // killed before the first trial
            }
            String text = Files.readString(log);
            List<String> lines = text.lines().toList();
            for (int i = 0; i < lines.size() - 1; i++) {
                ResultsJson.parseLine(lines.get(i)); // every complete line parses
            }
            ResultsJson.TrialLines read = ResultsJson.readTrialLines(log);
            torn += read.tornLastLine() ? 1 : 0;
            if (read.trials().isEmpty() || Files.exists(json)) {
                continue;
            }
            withTrials++;
            List<String> warnings = new ArrayList<>();
            Results rebuilt = ResultsFiles.rebuild(out, warnings::add);
            assertEquals(read.trials(), rebuilt.trials());
            assertEquals(read.trials(), ResultsJson.read(json).trials());
            assertEquals(read.tornLastLine(), warnings.stream().anyMatch(w -> w.contains("torn line")), warnings.toString());
        }
        System.out.println("CrashSafeResultsTest: " + kills + " kills, " + withTrials + " rebuilt from trials.jsonl, "
                + torn + " torn last lines");
        assertTrue(withTrials > 0, "no kill landed during the trials: the test proved nothing");
    }

    @Test
    void reportDropsATornLastLineWithAWarningAndRebuildsResultsAndReports(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("run");
        assertEquals(0, Main.run("run", "--runtimes", "bare", "--workloads", "startup.noop", "--trials", "3",
                "--warmups", "0", "--out", out.toString()));
        List<Trial> trials = ResultsJson.readTrials(out.resolve("trials.jsonl"));
        // As if killed: no results.json or reports, and half a line at the end.
        for (String f : List.of("results.json", "report.html", "report.md", "trials.csv")) {
            Files.delete(out.resolve(f));
        }
        Files.writeString(out.resolve("trials.jsonl"), "{\"runtime\":\"bare\",\"workl", StandardOpenOption.APPEND);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream saved = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        int code;
        try {
            code = Main.run("report", out.toString());
        } finally {
            System.setErr(saved);
        }
        String text = err.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, text);
        assertTrue(text.contains("isobench: warning: " + out.resolve("trials.jsonl")
                + " ends with a torn line (the run was killed while writing it): dropped it"), text);
        assertEquals(trials, ResultsJson.read(out.resolve("results.json")).trials());
        assertFalse(ResultsJson.read(out.resolve("results.json")).summary().isEmpty(), "summaries rebuilt too");
        assertTrue(Files.exists(out.resolve("report.html")) && Files.exists(out.resolve("report.md")));
    }

    @Test
    void aFullOutputDiskIsOneSentenceKeepsFinishedTrialsAndExitsNonZero(@TempDir Path tmp) throws Exception {
        Path disk = Files.createDirectory(tmp.resolve("small"));
        // 3 pages: room for a few trial lines, not for 40.
        run("mount", "-t", "tmpfs", "-o", "size=12k", "isobench-test-enospc", disk.toString());
        try {
            Path out = disk.resolve("out");
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            PrintStream saved = System.err;
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code;
            try {
                code = Main.run("run", "--runtimes", "bare", "--workloads", "startup.noop", "--trials", "40",
                        "--warmups", "0", "--out", out.toString());
            } finally {
                System.setErr(saved);
            }
            String text = err.toString(StandardCharsets.UTF_8);
            assertNotEquals(0, code, text);
            List<String> lines = text.lines().toList();
            String last = lines.get(lines.size() - 1);
            assertEquals("isobench: cannot append to " + out.resolve("trials.jsonl")
                    + ": No space left on device; the trials finished before are kept there", last, text);
            assertFalse(text.contains("\tat "), "no stack trace: " + text);
            List<Trial> kept = ResultsJson.readTrialLines(out.resolve("trials.jsonl")).trials();
            assertTrue(kept.size() >= 1 && kept.size() < 40, "kept " + kept.size());
            assertFalse(ResultsJson.readTrialLines(out.resolve("trials.jsonl")).tornLastLine(), "the failed write was cut off");
        } finally {
            run("umount", disk.toString());
        }
    }

    private static void run(String... argv) throws Exception {
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), String.join(" ", argv) + ": " + out);
    }
}
