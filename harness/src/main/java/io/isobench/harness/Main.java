package io.isobench.harness;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The isobench command line. Each subcommand lives in its own class under
 * {@code io.isobench.harness.cli}; bad input ends with one sentence and a non-zero exit.
 */
@Command(name = "isobench", mixinStandardHelpOptions = true, version = "isobench 0.1.0",
        description = "Runs identical workloads on bare metal, in a container and in a KVM "
                + "microVM, and turns the measurements into statistics and reports.",
        subcommands = {
                // Each part registers its command here.
                io.isobench.harness.cli.DoctorCommand.class,
                io.isobench.harness.cli.RunCommand.class,
                io.isobench.harness.cli.ContainerCommand.class,
                io.isobench.harness.cli.PeersCommand.class,
                io.isobench.harness.cli.ReportCommand.class,
                io.isobench.harness.cli.CompareCommand.class,
                io.isobench.harness.cli.VmCommand.class,
                io.isobench.harness.cli.HostCommand.class,
                io.isobench.harness.cli.DensityCommand.class,
                io.isobench.harness.cli.FidelityCommand.class,
        })
public final class Main {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the CLI and returns the exit code (separate from main so tests can call it). */
    public static int run(String... args) {
        CommandLine cli = new CommandLine(new Main());
        cli.setParameterExceptionHandler((e, parsedArgs) -> {
            // Bad input: one sentence and where to look, not the whole usage text.
            CommandLine cmd = e.getCommandLine();
            cmd.getErr().println("isobench: " + e.getMessage() + " (see isobench "
                    + (cmd.getCommandName().equals("isobench") ? "" : cmd.getCommandName() + " ") + "--help)");
            return 2;
        });
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            // One clear sentence, never a stack trace, for anything that escapes a command.
            cmd.getErr().println("isobench: " + (e.getMessage() != null ? e.getMessage() : e.toString()));
            if (System.getenv("ISOBENCH_DEBUG") != null) {
                e.printStackTrace(cmd.getErr());
            }
            return 2;
        });
        return cli.execute(args);
    }
}
