package io.isobench.workloads;

import java.util.List;

/**
 * One entry of the suite.
 *
 * @param id           {@code category.name}, e.g. {@code cpu.sha256}
 * @param description  one line for listings and reports
 * @param needsScratch the runtime must provide a writable scratch directory
 * @param command      argv inside the image for a normal run
 * @param quickCommand argv inside the image for {@code --quick}
 * @param thoroughCommand argv inside the image for {@code --thorough} (a workload of one's own: its command)
 * @param needsNetwork the instance needs a link to the run's far end (the net workloads)
 */
public record Workload(String id, String description, boolean needsScratch,
                       List<String> command, List<String> quickCommand, List<String> thoroughCommand,
                       boolean needsNetwork) {
    public Workload {
        if (!id.matches("[a-z]+\\.[a-z0-9-]+")) {
            throw new IllegalArgumentException("workload id must be category.name: " + id);
        }
        command = List.copyOf(command);
        quickCommand = List.copyOf(quickCommand);
        thoroughCommand = List.copyOf(thoroughCommand);
    }

    /** A workload without a network link. */
    public Workload(String id, String description, boolean needsScratch, List<String> command,
                    List<String> quickCommand) {
        this(id, description, needsScratch, command, quickCommand, command, false);
    }

    public String category() {
        return id.substring(0, id.indexOf('.'));
    }

    public List<String> command(Length length) {
        return switch (length) {
            case QUICK -> quickCommand;
            case NORMAL -> command;
            case THOROUGH -> thoroughCommand;
        };
    }
}
