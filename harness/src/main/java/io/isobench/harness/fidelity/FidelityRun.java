package io.isobench.harness.fidelity;

import io.isobench.harness.run.RunSession;
import io.isobench.model.Metric;
import io.isobench.model.Results;
import io.isobench.model.ResultsJson;
import io.isobench.model.Trial;
import io.isobench.runtime.FileTrees;
import io.isobench.runtime.Programs;
import io.isobench.workloads.Length;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.ToIntFunction;

/**
 * Rounds of: the workloads once each on bare, through {@code isobench run} itself (the same
 * launcher, cgroup and scratch disk as any trial), then each tool once, in the same scratch
 * base. Alternating round by round puts a shared host's drift on both sides alike.
 */
public final class FidelityRun {
    /** A tool that runs longer than this is killed and its round counts no figure. */
    private static final long TOOL_TIMEOUT_S = 300;

    private final ToIntFunction<String[]> isobench;
    private final PrintWriter err;

    /** @param isobench the command line, in process ({@code Main::run}), returning its exit code */
    public FidelityRun(ToIntFunction<String[]> isobench, PrintWriter err) {
        this.isobench = isobench;
        this.err = err;
    }

    /**
     * @return one row per counterpart, in order; fewer samples than rounds where a round
     *         failed (said on stderr) or the run was interrupted (exit 130 of the inner run)
     */
    public List<FidelityRow> measure(List<Counterpart> counterparts, Length length, int rounds, Path work)
            throws IOException {
        Map<String, List<Double>> ours = new LinkedHashMap<>();
        Map<String, List<Double>> tools = new HashMap<>();
        Map<String, String> unavailable = new HashMap<>();
        for (Counterpart c : counterparts) {
            ours.put(c.workload(), new ArrayList<>());
            tools.put(c.workload(), new ArrayList<>());
            if (Programs.find(c.program()) == null) {
                unavailable.put(c.workload(), c.program() + " is not installed (scripts/install-deps)");
            }
        }
        for (int round = 1; round <= rounds; round++) {
            Path out = work.resolve("round-" + round);
            List<String> argv = new ArrayList<>(List.of("run", "--runtimes", "bare", "--workloads",
                    String.join(",", ours.keySet()), "--trials", "1", "--warmups", "0",
                    "--seed", String.valueOf(round), "--out", out.toString()));
            if (length == Length.QUICK) {
                argv.add("--quick");
            } else if (length == Length.THOROUGH) {
                argv.add("--thorough");
            }
            int code = isobench.applyAsInt(argv.toArray(String[]::new));
            if (code == 130) {
                err.println("isobench: fidelity interrupted in round " + round + "; the table has the rounds before it");
                break;
            }
            if (Files.isRegularFile(out.resolve("results.json"))) {
                collect(ResultsJson.read(out.resolve("results.json")), counterparts, ours);
            } else {
                err.println("isobench: round " + round + "'s run wrote no results (exit " + code + ")");
            }
            for (Counterpart c : counterparts) {
                if (!unavailable.containsKey(c.workload())) {
                    runTool(c, round).ifPresent(tools.get(c.workload())::add);
                }
            }
        }
        List<FidelityRow> rows = new ArrayList<>();
        for (Counterpart c : counterparts) {
            rows.add(new FidelityRow(c, ours.get(c.workload()), tools.get(c.workload()), unavailable.get(c.workload())));
        }
        return rows;
    }

    private static void collect(Results results, List<Counterpart> counterparts, Map<String, List<Double>> ours) {
        for (Counterpart c : counterparts) {
            for (Trial t : results.trials()) {
                if (t.workload().equals(c.workload()) && t.countsInStatistics()) {
                    for (Metric m : t.metrics()) {
                        if (m.name().equals(c.metric())) {
                            ours.get(c.workload()).add(m.value());
                        }
                    }
                }
            }
        }
    }

    private java.util.Optional<Double> runTool(Counterpart c, int round) throws IOException {
        Path scratch = Files.createTempDirectory(RunSession.scratchBase(), "isobench-scratch-");
        Path log = Files.createTempFile("isobench-fidelity-", ".out");
        try {
            Process p = new ProcessBuilder(c.command().argv(scratch)).directory(scratch.toFile())
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            boolean done;
            try {
                done = p.waitFor(TOOL_TIMEOUT_S, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
                return java.util.Optional.empty();
            }
            if (!done) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                err.println("isobench: " + c.tool() + " did not finish in " + TOOL_TIMEOUT_S + " s (round " + round + ")");
                return java.util.Optional.empty();
            }
            String out = Files.readString(log, StandardCharsets.UTF_8);
            if (p.exitValue() != 0) {
                err.println("isobench: " + c.tool() + " exited with " + p.exitValue() + " (round " + round + "): "
                        + lastLine(out));
                return java.util.Optional.empty();
            }
            try {
                return java.util.Optional.of(c.parse().value(out));
            } catch (IllegalArgumentException e) {
                err.println("isobench: " + c.tool() + ": " + e.getMessage() + " (round " + round + ")");
                return java.util.Optional.empty();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return java.util.Optional.empty();
        } finally {
            FileTrees.deleteQuietlyAndCommit(scratch);
            Files.deleteIfExists(log);
        }
    }

    private static String lastLine(String out) {
        String s = out.strip();
        int nl = s.lastIndexOf('\n');
        return nl < 0 ? s : s.substring(nl + 1);
    }
}
