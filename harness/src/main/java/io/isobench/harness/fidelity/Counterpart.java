package io.isobench.harness.fidelity;

import java.nio.file.Path;
import java.util.List;

/**
 * A built-in workload's figure next to an established tool measuring the same pattern (or,
 * when no tool does, the nearest one, said so): which metric, which tool, how to run it, and
 * how to read its output in the workload's unit.
 *
 * @param workload    the built-in workload id, e.g. {@code cpu.sha256}
 * @param metric      the workload's headline metric compared, e.g. {@code throughput}
 * @param unit        that metric's unit, which {@link #parse} converts the tool's output to
 * @param tool        what the tool is, as a reader knows it ("openssl speed sha256")
 * @param samePattern whether the tool does what the workload does (then their figures
 *                    should agree within noise); false for the nearest tool only
 * @param note        how the pattern or the counting differs, or why they should agree
 * @param command     the tool's argv, given the scratch directory
 * @param parse       the tool's stdout to the workload's unit; throws when the figure is missing
 */
public record Counterpart(String workload, String metric, String unit, String tool, boolean samePattern,
                          String note, Command command, Parser parse) {

    /** The tool's command line; {@code scratch} is a fresh directory on the trials' scratch disk. */
    @FunctionalInterface
    public interface Command {
        List<String> argv(Path scratch);
    }

    /** Reads the tool's figure from its standard output. */
    @FunctionalInterface
    public interface Parser {
        double value(String stdout) throws IllegalArgumentException;
    }

    /** The program {@link #command} runs (argv[0]), to tell whether it is installed. */
    public String program() {
        return command.argv(Path.of("/")).get(0);
    }
}
