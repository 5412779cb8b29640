package io.isobench.harness.cli;

import io.isobench.harness.host.HostCheck;
import io.isobench.harness.host.HostTuner;
import io.isobench.harness.host.Knob;
import io.isobench.harness.host.Knobs;
import io.isobench.harness.probe.RootProbe;
import io.isobench.model.HostConditions.Condition;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code isobench host check|tune|reset}: the host's noise sources, read, and changed only on request. */
@Command(name = "host", mixinStandardHelpOptions = true,
        description = "The host's noise sources (CPU governor, boost, SMT, THP, KSM, ASLR, swap, load, busy processes, "
                + "clock source, cgroup mounts): check reads them, tune changes only what you name, reset puts it back.",
        subcommands = {HostCommand.Check.class, HostCommand.Tune.class, HostCommand.Reset.class})
public final class HostCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getErr().println("isobench host: missing subcommand (check, tune, reset); see isobench host --help");
        return 2;
    }

    @Command(name = "check", mixinStandardHelpOptions = true,
            description = "Prints each noise source: ok or WARN, its value, and for a warning what it does and the fix. Exit 0.")
    public static final class Check implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            List<Condition> conditions = HostCheck.here().read();
            int width = conditions.stream().mapToInt(c -> c.name().length()).max().orElse(10);
            for (Condition c : conditions) {
                out.printf("%-4s  %-" + width + "s  %s%n", c.warning() == null ? "ok" : "WARN", c.name(), c.value());
                if (c.warning() != null) {
                    out.printf("      %-" + width + "s  %s%n", "", c.warning());
                }
            }
            out.flush();
            return 0;
        }
    }

    @Command(name = "tune", mixinStandardHelpOptions = true,
            description = "Sets the named settings, e.g. thp=madvise ksm=off cpu.governor=performance cpu.boost=off smt=off "
                    + "aslr=off, saving the values they had; isobench host reset restores them. Needs root.")
    public static final class Tune implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(arity = "1..*", paramLabel = "NAME=VALUE")
        List<String> settings;

        @Override
        public Integer call() {
            PrintWriter err = spec.commandLine().getErr();
            Map<String, String> wanted = new LinkedHashMap<>();
            for (String s : settings) {
                int eq = s.indexOf('=');
                if (eq < 1 || eq == s.length() - 1) {
                    err.println("isobench: bad setting '" + s + "' (use NAME=VALUE; names: "
                            + String.join(", ", Knobs.ALL.stream().map(Knob::name).toList()) + ")");
                    return 2;
                }
                wanted.put(s.substring(0, eq), s.substring(eq + 1));
            }
            if (!RootProbe.isRoot()) {
                err.println("isobench: host tune needs root: it writes kernel settings (try sudo)");
                return 2;
            }
            try {
                HostTuner.here().tune(wanted).forEach(spec.commandLine().getOut()::println);
                return 0;
            } catch (IllegalArgumentException e) {
                err.println("isobench: " + e.getMessage());
                return 2;
            } catch (IOException e) {
                err.println("isobench: cannot change the setting: " + e.getMessage());
                return 1;
            }
        }
    }

    @Command(name = "reset", mixinStandardHelpOptions = true,
            description = "Restores every setting isobench host tune changed to the value it had before. Needs root.")
    public static final class Reset implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            if (!RootProbe.isRoot()) {
                spec.commandLine().getErr().println("isobench: host reset needs root: it writes kernel settings (try sudo)");
                return 2;
            }
            try {
                List<String> restored = HostTuner.here().reset();
                PrintWriter out = spec.commandLine().getOut();
                if (restored.isEmpty()) {
                    out.println("nothing to restore: isobench host tune changed nothing since the last reset (or boot)");
                }
                restored.forEach(out::println);
                out.flush();
                return 0;
            } catch (IOException e) {
                spec.commandLine().getErr().println("isobench: cannot restore a setting: " + e.getMessage());
                return 1;
            }
        }
    }
}
