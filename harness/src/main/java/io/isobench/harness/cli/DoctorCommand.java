package io.isobench.harness.cli;

import io.isobench.harness.probe.HostProbe;
import io.isobench.harness.run.RuntimeRegistry;
import io.isobench.model.Capability;
import io.isobench.model.HostInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code isobench doctor}: what this host offers isobench, one line per capability, and what a missing one means. */
@Command(name = "doctor", mixinStandardHelpOptions = true,
        description = "Shows what this host offers: CPU, memory, kernel, root, cgroup mode and controllers, "
                + "namespaces, KVM, the image cache and each runtime. Exit 0 when it could look.")
public final class DoctorCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        HostInfo host = HostProbe.standard(RuntimeRegistry.standard()).probe();
        out.printf(Locale.ROOT, "host     %s%n", host.hostname());
        out.printf(Locale.ROOT, "cpu      %s (%d cores, %d threads)%n", host.cpuModel(), host.physicalCores(), host.logicalCores());
        out.printf(Locale.ROOT, "memory   %.1f GiB%n", host.memoryBytes() / (double) (1L << 30));
        out.printf(Locale.ROOT, "os       %s, kernel %s%n", host.os(), host.kernel());
        out.println();
        int width = host.capabilities().stream().mapToInt(c -> c.name().length()).max().orElse(10);
        int valueWidth = Math.min(40, host.capabilities().stream().mapToInt(c -> c.value().length()).max().orElse(10));
        for (Capability c : host.capabilities()) {
            out.printf(Locale.ROOT, "%s %-" + width + "s  %-" + valueWidth + "s  %s%n", c.ok() ? "ok  " : "MISS", c.name(),
                    c.value(), c.meaning());
        }
        out.flush();
        return 0;
    }
}
