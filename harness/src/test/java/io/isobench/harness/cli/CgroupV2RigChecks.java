package io.isobench.harness.cli;

import io.isobench.harness.Main;
import io.isobench.model.Results;
import io.isobench.model.ResultsJson;
import io.isobench.model.Status;
import io.isobench.model.Trial;
import io.isobench.runtime.Execution;
import io.isobench.runtime.Launch;
import io.isobench.runtime.Limits;
import io.isobench.runtime.Mark;
import io.isobench.runtime.Stdio;
import io.isobench.runtime.cgroup.Cgroup;
import io.isobench.runtime.cgroup.CgroupLayout;
import io.isobench.runtime.cgroup.CgroupManager;
import io.isobench.runtime.cgroup.CgroupMode;
import io.isobench.runtime.container.BusyboxRootfs;
import io.isobench.runtime.container.ContainerRuntime;
import io.isobench.model.Resources;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The checks {@link CgroupV2RigTest} runs in one JVM inside the rig's L2, booted with
 * {@code RIG_CGROUP=v2}: a unified-only host where this JVM sits alone in a delegated cgroup,
 * as under systemd. One line per check, {@code ok NAME: detail} or {@code FAIL NAME: detail},
 * and {@code figure ...} lines for the log; exit status 1 when any check failed.
 *
 * <p>Arguments: a work directory on the rig's scratch disk (real block I/O), the output
 * directory for {@code isobench run} (on the host, through RIG_WRITABLE), and optionally
 * {@code join-only}: only the cgroup-join measurement.
 */
public final class CgroupV2RigChecks {
    private static final Map<String, String> ENV = Map.of("PATH", "/bin", "HOME", "/root");
    /** Container starts per way of joining the cgroup (each ~0.7 s under the rig's TCG). */
    /** Starts each way: enough to check both root the cgroup namespace (docs/container.md has a 15-start measurement). */
    private static final int RUNS = 5;
    private static final long STARTED = System.nanoTime();
    private static int failed;

    private CgroupV2RigChecks() {
    }

    public static void main(String[] args) throws Exception {
        Path work = Files.createDirectories(Path.of(args[0]));
        Path out = Path.of(args[1]);
        CgroupLayout before = CgroupLayout.detect();
        check("unified-host", before.mode() == CgroupMode.V2
                && before.unified().toString().endsWith("/rig.slice/rig-cmd.scope"), before.toString());
        CgroupManager cgroups = CgroupManager.open();
        CgroupLayout after = CgroupLayout.detect();
        check("delegated-controllers", cgroups.note() == null
                        && cgroups.controllers().containsAll(Set.of("cpu", "io", "memory", "pids"))
                        && after.unified().getFileName().toString().equals("isobench-harness"),
                "controllers " + cgroups.controllers() + ", note " + cgroups.note() + ", now in " + after.unified());

        Path rootfs = BusyboxRootfs.create(Files.createDirectories(work.resolve("rootfs")));
        ContainerRuntime runtime = new ContainerRuntime();
        if (args.length > 2 && args[2].equals("join-only")) {
            // For a measurement by hand, e.g. with RIG_CPUS=2 (see docs/container.md).
            measureCgroupJoin(cgroups, runtime, rootfs, new Resources[1]);
            System.exit(failed == 0 ? 0 : 1);
        }

        // Start, the limits seen from inside (the cgroup namespace shows the trial cgroup as /), the CPU
        // quota biting, and the accounting read from the trial cgroup afterwards.
        Limits limits = new Limits(0.5, 64L << 20, 64);
        Resources[] used = new Resources[1];
        Execution e = run(cgroups, runtime, rootfs, limits, null, Map.of(), used, "/bin/sh", "-c",
                "cat /proc/self/cgroup /sys/fs/cgroup/cpu.max /sys/fs/cgroup/memory.max /sys/fs/cgroup/pids.max;"
                        + " dd if=/dev/zero of=/dev/null bs=1M count=400 2>/dev/null;"
                        + " grep nr_throttled /sys/fs/cgroup/cpu.stat; head -n1 /sys/fs/cgroup/memory.pressure");
        List<String> lines = e.stdout().lines().toList();
        check("container-start", e.exitCode() == 0 && e.failure() == null
                && e.marks().stream().map(Mark::name).toList().containsAll(List.of("cgroup", "namespaces", "exec")),
                "exit " + e.exitCode() + ", marks " + e.marks().stream().map(Mark::name).toList() + ", stderr " + e.stderr());
        check("limits-inside", lines.size() >= 4 && lines.get(0).equals("0::/") && lines.get(1).equals("50000 100000")
                && lines.get(2).equals(Long.toString(64L << 20)) && lines.get(3).equals("64"), lines.toString());
        long throttled = lines.size() >= 5 && lines.get(4).startsWith("nr_throttled ")
                ? Long.parseLong(lines.get(4).substring(13).strip()) : -1;
        check("cpu-quota", throttled > 0, "nr_throttled " + throttled);
        check("memory-pressure-file", lines.size() >= 6 && lines.get(5).startsWith("some avg10="), lines.toString());
        Resources r = used[0];
        check("accounting-cpu-memory", r.cpuUserNs() + r.cpuSystemNs() >= 50_000_000L
                && r.memoryPeakBytes() >= (256 << 10) && r.memoryPeakBytes() <= (64L << 20), r.toString());

        // Block I/O on the rig's scratch disk: writes (synced), then reads with a cold page cache.
        Path scratch = Files.createDirectories(work.resolve("scratch"));
        run(cgroups, runtime, rootfs, Limits.NONE, scratch, Map.of(), used, "/bin/sh", "-c",
                "dd if=/dev/zero of=/scratch/f bs=1M count=16 conv=fsync 2>/dev/null");
        long written = used[0].ioWriteBytes();
        Files.writeString(Path.of("/proc/sys/vm/drop_caches"), "3");
        run(cgroups, runtime, rootfs, Limits.NONE, scratch, Map.of(), used, "/bin/sh", "-c",
                "dd if=/scratch/f of=/dev/null bs=1M 2>/dev/null");
        long read = used[0].ioReadBytes();
        check("accounting-block-io", written >= 16L << 20 && read >= 16L << 20, "written " + written + ", read " + read);

        Execution oom = run(cgroups, runtime, rootfs, new Limits(null, 16L << 20, null), null, Map.of(), used,
                "/bin/dd", "if=/dev/zero", "of=/dev/null", "bs=64M", "count=1");
        check("memory-limit", oom.exitCode() == 137 && "out of memory (limit 16 MiB)".equals(oom.failure()),
                "exit " + oom.exitCode() + ", failure " + oom.failure());

        long t0 = System.nanoTime();
        Execution bomb = run(cgroups, runtime, rootfs, new Limits(null, null, 32), null, Map.of(), used,
                "/bin/sh", "-c", "bomb() { bomb | bomb & wait; }; bomb");
        double bombS = (System.nanoTime() - t0) / 1e9;
        Execution next = run(cgroups, runtime, rootfs, new Limits(null, null, 32), null, Map.of(), used,
                "/bin/sh", "-c", "echo fine");
        check("pids-limit", !bomb.timedOut() && "pids limit (32)".equals(bomb.failure())
                        && next.exitCode() == 0 && next.stdout().strip().equals("fine"),
                String.format("failure %s after %.1f s, next: %d %s", bomb.failure(), bombS, next.exitCode(), next.stdout().strip()));

        measureCgroupJoin(cgroups, runtime, rootfs, used);

        // The harness's own trial path on v2 is the thrashing trial's below (a whole `isobench run`);
        // a second run of startup.noop cost 2.5 min of emulation and checked only figures the
        // direct accounting checks above already check.
        int code;
        Results results;
        // The JVM thrashes only when its image's pages are not cached already (then it is OOM-killed
        // within 1.5-2.5 s here instead: measured), so the trial starts with a cold cache. The
        // container's trial only: the watch is the harness's, the same for every runtime, and each
        // trial here costs minutes of emulation (bare's runs on the host's v1 in RunCommandTest's kin).
        for (String kind : List.of("container")) {
            Files.writeString(Path.of("/proc/sys/vm/drop_caches"), "3");
            Path thrash = out.resolve("thrash-" + kind);
            code = Main.run("run", "--runtimes", kind, "--workloads", "startup.jvm-hello", "--memory", "8M",
                    "--quick", "--trials", "1", "--warmups", "0", "--seed", "1", "--out", thrash.toString());
            results = ResultsJson.read(thrash.resolve("results.json"));
            Trial t = results.trials().get(0);
            check("thrash-" + kind, code == 3 && results.trials().size() == 1 && t.status() == Status.FAILED
                            && "thrashing at the memory limit (8 MiB)".equals(t.reason()) && t.timeline().totalMs() < 30_000,
                    "exit " + code + ", " + t.status() + " " + t.reason() + " after " + t.timeline().totalMs() + " ms");
        }
        System.out.println(failed == 0 ? "all checks passed" : failed + " checks failed");
        System.exit(failed == 0 ? 0 : 1);
    }

    /**
     * The container start's cgroup step both ways, interleaved: cloned into the cgroup (v2's
     * default) and the launcher writing its pid into cgroup.procs first (v1's way).
     */
    private static void measureCgroupJoin(CgroupManager cgroups, ContainerRuntime runtime, Path rootfs, Resources[] used)
            throws Exception {
        Map<String, List<double[]>> byWay = Map.of("clone", new ArrayList<>(), "write", new ArrayList<>());
        List<String> rooted = new ArrayList<>();
        for (int i = 0; i < RUNS; i++) {
            for (String way : List.of("clone", "write")) {
                Execution e = run(cgroups, runtime, rootfs, Limits.NONE, null, Map.of("cgroup-join", way), used,
                        "/bin/cat", "/proc/self/cgroup");
                // Either way the command sits at the root of a cgroup namespace rooted at the trial cgroup.
                if (!e.stdout().strip().equals("0::/")) {
                    rooted.add(way + ": " + e.stdout().strip() + " " + e.stderr().strip());
                }
                byWay.get(way).add(new double[]{phase(e, "cgroup"), phase(e, "namespaces"), since(e, "launcher", "exec")});
            }
        }
        for (String way : List.of("write", "clone")) {
            List<double[]> runs = byWay.get(way);
            System.out.printf("figure cgroup-join %s (median of %d, ms): cgroup %.2f, namespaces %.2f, launcher to exec %.2f%n",
                    way, runs.size(), median(runs, 0), median(runs, 1), median(runs, 2));
        }
        check("cgroup-join-both-ways", rooted.isEmpty(), rooted.isEmpty() ? RUNS + " starts each way" : rooted.toString());
    }

    private static Execution run(CgroupManager cgroups, ContainerRuntime runtime, Path rootfs, Limits limits, Path scratch,
                                 Map<String, String> options, Resources[] used, String... command) throws Exception {
        try (Cgroup cgroup = cgroups.create("rig-v2")) {
            cgroup.applyLimits(limits);
            Execution e = runtime.execute(new Launch(rootfs, List.of(command), ENV, limits, cgroup, scratch,
                    Duration.ofSeconds(60), Stdio.CAPTURE, options));
            used[0] = cgroup.usage();
            return e;
        }
    }

    private static double phase(Execution e, String name) {
        long previous = e.spawnNs();
        for (Mark m : e.marks()) {
            if (m.name().equals(name)) {
                return (m.monotonicNs() - previous) / 1e6;
            }
            previous = m.monotonicNs();
        }
        return Double.NaN;
    }

    private static double since(Execution e, String from, String to) {
        Supplier<Long> none = () -> Long.MIN_VALUE;
        long a = e.marks().stream().filter(m -> m.name().equals(from)).map(Mark::monotonicNs).findFirst().orElseGet(none);
        long b = e.marks().stream().filter(m -> m.name().equals(to)).map(Mark::monotonicNs).findFirst().orElseGet(none);
        return (b - a) / 1e6;
    }

    private static double median(List<double[]> runs, int column) {
        double[] v = runs.stream().mapToDouble(r -> r[column]).sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    private static void check(String name, boolean ok, String detail) {
        if (!ok) {
            failed++;
        }
        System.out.printf("%s %s: %s (at %.0f s)%n", ok ? "ok" : "FAIL", name, detail, (System.nanoTime() - STARTED) / 1e9);
        System.out.flush();
    }
}
