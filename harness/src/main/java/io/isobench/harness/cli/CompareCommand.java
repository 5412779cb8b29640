package io.isobench.harness.cli;

import io.isobench.harness.run.UserError;
import io.isobench.model.Results;
import io.isobench.reports.compare.Gate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code isobench compare BASE CURRENT}: the regression gate for CI. */
@Command(name = "compare", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Compares two runs figure by figure (per runtime and workload, direction-aware) and flags a regression "
                + "only when the change is both larger than --max-regression and significant (Welch's t-test at --alpha). "
                + "Prints a Markdown table.",
                "Exit 0 = no regression, 1 = regression, 2 = the inputs cannot be compared."})
public final class CompareCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "BASE", description = "Baseline: a run directory, results.json or trials.jsonl.")
    Path base;

    @Parameters(index = "1", paramLabel = "CURRENT", description = "The run to judge: a run directory, results.json or trials.jsonl.")
    Path current;

    @Option(names = "--max-regression", paramLabel = "PCT", description = "Largest tolerated worsening of a mean, in percent (default: 5).")
    Double maxRegression;

    @Option(names = "--alpha", paramLabel = "A", description = "Significance level per figure (default: 0.05).")
    Double alpha;

    @Option(names = "--junit", paramLabel = "FILE", description = "Also write a JUnit XML report: one test case per figure, failed for a regression.")
    Path junit;

    @Override
    public Integer call() {
        try {
            if (DensityInputs.isDensity(base) || DensityInputs.isDensity(current)) {
                DensityInputs.mustExist("BASE", base);
                DensityInputs.mustExist("CURRENT", current);
                if (!(DensityInputs.isDensity(base) && DensityInputs.isDensity(current))) {
                    throw new UserError("one input is a density result and the other is not: compare like with like");
                }
                return DensityInputs.compare(base, current, maxRegression, spec.commandLine().getOut());
            }
            Gate gate = GateRunner.gate(maxRegression, alpha);
            Results b = GateRunner.load("BASE", base);
            Results c = GateRunner.load("CURRENT", current);
            return GateRunner.run(gate, b, c, junit, spec.commandLine().getOut());
        } catch (UserError e) {
            spec.commandLine().getErr().println("isobench: " + e.getMessage());
            spec.commandLine().getErr().flush();
            return 2;
        }
    }
}
