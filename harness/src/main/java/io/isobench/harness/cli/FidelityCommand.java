package io.isobench.harness.cli;

import io.isobench.harness.Main;
import io.isobench.harness.fidelity.Counterpart;
import io.isobench.harness.fidelity.Counterparts;
import io.isobench.harness.fidelity.FidelityRow;
import io.isobench.harness.fidelity.FidelityRun;
import io.isobench.harness.fidelity.FidelityTable;
import io.isobench.harness.run.UserError;
import io.isobench.workloads.Length;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code isobench fidelity}: does each built-in workload measure what its name says? Its
 * figure on bare next to the established tool for the same pattern (docs/workloads.md).
 */
@Command(name = "fidelity", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Runs each built-in workload that has an established counterpart (openssl, fio, perf bench) on "
                + "bare through isobench run, then the tool, round by round, and prints both medians, their ratio "
                + "and whether they agree within noise.")
public final class FidelityCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--rounds", paramLabel = "N", description = "Rounds (default 5; a verdict needs 3).")
    int rounds = 5;

    @Option(names = "--quick", description = "The workloads' quick mode, and tools sized alike (for tests and CI).")
    boolean quick;

    @Option(names = "--workloads", paramLabel = "ID,...", split = ",",
            description = "Only these (default: every workload with a counterpart).")
    List<String> workloads;

    @Option(names = "--out", paramLabel = "DIR",
            description = "Where each round's results and fidelity.md go (default: results/fidelity-<yyyyMMdd-HHmmss>).")
    Path out;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter stdout = spec.commandLine().getOut();
        if (rounds < 1) {
            err.println("isobench: --rounds must be at least 1, got " + rounds);
            return 2;
        }
        Length length = quick ? Length.QUICK : Length.NORMAL;
        List<Counterpart> chosen = Counterparts.standard(length);
        if (workloads != null) {
            List<String> known = chosen.stream().map(Counterpart::workload).toList();
            for (String w : workloads) {
                if (!known.contains(w)) {
                    err.println("isobench: " + w + " has no counterpart here; choose from " + String.join(", ", known));
                    return 2;
                }
            }
            chosen = chosen.stream().filter(c -> workloads.contains(c.workload())).toList();
        }
        Path dir;
        try {
            dir = out != null ? out : RunCommand.freshDirectory(Path.of("results"),
                    "fidelity-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        } catch (UserError e) {
            err.println("isobench: " + e.getMessage());
            return 2;
        }
        boolean holdsSomething;
        try (var entries = Files.list(Files.createDirectories(dir))) {
            holdsSomething = entries.findAny().isPresent();
        }
        if (holdsSomething) {
            err.println("isobench: " + dir + " already holds something; name a new directory with --out");
            return 2;
        }
        List<FidelityRow> rows = new FidelityRun(Main::run, err).measure(chosen, length, rounds, dir);
        String table = FidelityTable.markdown(rows, rounds);
        Files.writeString(dir.resolve("fidelity.md"), table);
        stdout.print(table);
        stdout.flush();
        err.println("isobench: fidelity table and each round's results in " + dir);
        boolean anyFigure = rows.stream().anyMatch(r -> !r.ours().isEmpty() && !r.tool().isEmpty());
        return anyFigure ? 0 : 1;
    }
}
