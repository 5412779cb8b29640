package io.isobench.harness.peers;

import io.isobench.runtime.vm.VmRuntime;
import io.isobench.runtime.vm.process.VmmArgs;
import io.isobench.runtime.vm.process.VmmReport;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * isobench's own monitor as a run starts it: its own process (the monitor JVM with its flags and
 * class-data archive, {@link VmRuntime#monitorCommand}), timed from spawning that process to
 * guest-init's first marker ("init reached"), as QEMU is timed from spawning qemu. The monitor
 * stamps the marker on CLOCK_MONOTONIC, this process's {@link System#nanoTime()} clock, and
 * writes it into its report. The VM then runs on to guest-init's end (the command does not
 * exist); that tail is not timed. Kept as phases: spawn to VM created (the JVM's start and
 * reading the kernel and initramfs into guest RAM) and VM created to init (what this peer
 * measured before, with the monitor already running).
 */
final class IsobenchVmPeer extends VmBootPeer {
    private final Path kernel;
    private final Path initrd;
    private final String cmdline;
    private final int vcpus;
    private final long memoryBytes;
    private final Path work;
    private final Map<String, Long> exits = new TreeMap<>();
    private final List<Double> spawnToCreated = new ArrayList<>();
    private final List<Double> createdToInit = new ArrayList<>();
    private final List<String> perBoot = new ArrayList<>();
    private List<String> command;
    private int boots;

    IsobenchVmPeer(Path kernel, Path initrd, String cmdline, int vcpus, long memoryBytes, Path work) {
        this.kernel = kernel;
        this.initrd = initrd;
        this.cmdline = cmdline;
        this.vcpus = vcpus;
        this.memoryBytes = memoryBytes;
        this.work = work;
    }

    @Override
    public String name() {
        return "isobench vm";
    }

    @Override
    public String unavailableReason() {
        return null;
    }

    @Override
    double bootOnceMs() throws Exception {
        if (command == null) {
            command = VmRuntime.monitorCommand(kernel, initrd);  // makes the class-data archive once, untimed
        }
        Path report = work.resolve("vmm-report.json");
        Files.deleteIfExists(report);
        long t0 = System.nanoTime();
        VmmArgs args = new VmmArgs(kernel, initrd, cmdline, vcpus, memoryBytes, null, false,
                t0 + TimeUnit.MILLISECONDS.toNanos(BOOT_TIMEOUT_MS), report, work.resolve("vmm-console.log"));
        List<String> argv = new ArrayList<>(command);
        argv.addAll(args.toArgs());
        ProcessBuilder pb = new ProcessBuilder(argv).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(work.resolve("vmm-stderr.log").toFile());
        pb.environment().clear();
        pb.environment().putAll(VmRuntime.MONITOR_ENV);
        t0 = System.nanoTime();
        Process monitor = pb.start();
        try {
            if (!monitor.waitFor(BOOT_TIMEOUT_MS + 30_000, TimeUnit.MILLISECONDS)) {
                throw new TimeoutException("the monitor did not end");
            }
        } finally {
            monitor.destroyForcibly();
            monitor.waitFor(10, TimeUnit.SECONDS);
        }
        if (!Files.exists(report)) {
            throw new IllegalStateException("the monitor ended (exit code " + monitor.exitValue() + ") without a report (see "
                    + work.resolve("vmm-stderr.log") + ")");
        }
        VmmReport r = VmmReport.read(report);
        Long created = mark(r, "vm-created");
        Long init = mark(r, "init");
        if (init == null) {
            throw new TimeoutException("no init marker: " + r.stopReason() + " (" + r.failure() + ")");
        }
        synchronized (exits) {
            boots++;
            r.exits().forEach((k, v) -> exits.merge(k, v, Long::sum));
            if (created != null) {
                spawnToCreated.add((created - t0) / 1e6);
                createdToInit.add((init - created) / 1e6);
            }
            perBoot.add(String.format(java.util.Locale.ROOT, "%.0f+%.0f=%.0f", created == null ? Double.NaN : (created - t0) / 1e6,
                    created == null ? Double.NaN : (init - created) / 1e6, (init - t0) / 1e6));
        }
        return (init - t0) / 1e6;
    }

    private static Long mark(VmmReport r, String name) {
        return r.marks().stream().filter(m -> m.name().equals(name)).map(VmmReport.NamedInstant::nanoTime).findFirst()
                .orElse(null);
    }

    /** Mean VM exits per boot by reason, the whole VM (to guest-init's end). */
    String exitSummary() {
        synchronized (exits) {
            if (boots == 0) {
                return "isobench vm: no boot finished";
            }
            StringBuilder s = new StringBuilder("isobench vm exits per boot, whole VM (mean of " + boots + "):");
            exits.forEach((k, v) -> s.append(' ').append(k).append('=').append(v / boots));
            return s.toString();
        }
    }

    /** The two phases of isobench's figure, medians over every boot (warm-ups included). */
    String phaseSummary() {
        synchronized (exits) {
            if (createdToInit.isEmpty()) {
                return "isobench vm phases: none measured";
            }
            return String.format(java.util.Locale.ROOT, "isobench vm phases (median of %d boots): spawn to VM created %.0f ms"
                    + " (monitor JVM start, kernel and initramfs into guest RAM), VM created to init %.0f ms; each boot,"
                    + " warm-ups first (ms): %s", createdToInit.size(), median(spawnToCreated), median(createdToInit),
                    String.join(", ", perBoot));
        }
    }

    private static double median(List<Double> v) {
        double[] s = v.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
