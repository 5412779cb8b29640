package io.isobench.harness.density;

import io.isobench.model.density.DensityRun;
import io.isobench.model.density.DensitySummary;
import io.isobench.model.density.KsmMeasurement;
import io.isobench.model.density.MemorySample;
import io.isobench.model.density.RampPoint;
import io.isobench.model.density.VmMemory;
import io.isobench.harness.run.RunSession;
import io.isobench.runtime.FileTrees;
import io.isobench.runtime.Instance;
import io.isobench.runtime.InstanceRuntime;
import io.isobench.runtime.Launch;
import io.isobench.runtime.RuntimeFailure;
import io.isobench.runtime.Stdio;
import io.isobench.runtime.cgroup.Cgroup;
import io.isobench.runtime.cgroup.CgroupManager;
import io.isobench.runtime.launch.Sizes;
import org.apache.commons.math3.stat.descriptive.rank.Percentile;
import org.apache.commons.math3.stat.regression.SimpleRegression;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;

/**
 * One runtime's density measurement: a solo start, then waves of {@code concurrency}
 * instances until {@code count} are ready at once (or the memory bound, a failing start or
 * Ctrl-C ends the ramp earlier: how many fit), the figures at N, a steady phase with all of
 * them running, a measured teardown and the check that nothing was left behind.
 */
public final class DensityRamp {
    private static final Map<String, String> ENV = Map.of("PATH", "/usr/local/bin:/usr/bin:/bin", "HOME", "/root", "LANG", "C");

    private final InstanceRuntime runtime;
    private final Path rootfs;
    private final CgroupManager cgroups;
    private final DensityRequest request;
    private final Map<String, String> options;
    private final LiveInstances live;
    private final BooleanSupplier stopRequested;
    private final HostMemory memory;
    private final PrintStream err;

    /** An instance that got ready. */
    private record Started(int index, Instance instance, long spawnNs, long readyNs, Path scratch) {
    }

    public DensityRamp(InstanceRuntime runtime, Path rootfs, CgroupManager cgroups, DensityRequest request,
                       Map<String, String> options, LiveInstances live, BooleanSupplier stopRequested,
                       HostMemory memory, PrintStream err) {
        this.runtime = runtime;
        this.rootfs = rootfs;
        this.cgroups = cgroups;
        this.request = request;
        this.options = options;
        this.live = live;
        this.stopRequested = stopRequested;
        this.memory = memory;
        this.err = err;
    }

    public DensityRun run() throws IOException {
        String name = runtime.name();
        List<String> load = new ArrayList<>(List.of(loadavg()));
        // Solo start first: the same instance alone, for comparison with the ramp's latencies
        // (and it warms the page cache for the image, so the first wave is not penalised).
        double soloMs;
        try {
            Started solo = start(0);
            soloMs = (solo.readyNs() - solo.spawnNs()) / 1e6;
            stop(solo);
        } catch (RuntimeFailure e) {
            err.printf("isobench: %s: not even one instance could start: %s%n", name, e.getMessage());
            return new DensityRun(name, List.of(), List.of(), new DensitySummary(request.count(), 0,
                    "not even one instance could start: " + e.getMessage() + "; 0 fit", null, null, null, null, null,
                    null, memory.usedBytes(), memory.usedBytes(), null, null, null, null, null, null, null, Ksm.state(),
                    0, null, null, 0, 0, null, List.of(), load, Map.of(), null, null));
        }

        Map<String, Long> breakdownBefore = memory.breakdown();
        long hostBefore = memory.usedBytes();
        List<MemorySample> samples = new ArrayList<>(List.of(new MemorySample(0, hostBefore)));
        List<Started> ready = new ArrayList<>();
        Map<Integer, Long> hostAfterWave = new LinkedHashMap<>();
        String stopReason = null;
        int c = request.concurrency();
        ExecutorService pool = Executors.newFixedThreadPool(c, r -> {
            Thread t = new Thread(r, "isobench-density-" + name);
            t.setDaemon(true);
            return t;
        });
        long rampStart = System.nanoTime();
        long lastReady = rampStart;
        try {
            int next = 1;
            while (ready.size() < request.count() && stopReason == null) {
                if (stopRequested.getAsBoolean()) {
                    stopReason = "interrupted (Ctrl-C) with " + ready.size() + " instances ready";
                    break;
                }
                int wave = Math.min(c, request.count() - ready.size());
                List<Future<Started>> futures = new ArrayList<>();
                int firstFailed = 0;
                List<Integer> indexes = new ArrayList<>();
                for (int i = 0; i < wave; i++) {
                    int index = next++;
                    indexes.add(index);
                    futures.add(pool.submit(() -> start(index)));
                }
                for (int i = 0; i < futures.size(); i++) {
                    try {
                        Started s = futures.get(i).get();
                        ready.add(s);
                        lastReady = Math.max(lastReady, s.readyNs());
                    } catch (ExecutionException e) {
                        String why = e.getCause() instanceof RuntimeFailure f ? f.getMessage() : String.valueOf(e.getCause());
                        if (stopReason == null) {
                            stopReason = "instance " + indexes.get(i) + " could not start: " + why;
                            firstFailed = indexes.get(i);
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        stopReason = "interrupted";
                    }
                }
                if (firstFailed > 0) {
                    // "How many fit" is k - 1 when instance k fails: instances of the same wave
                    // started after k (and got ready anyway) are stopped, so the answer is exact.
                    int k = firstFailed;
                    List<Started> beyond = ready.stream().filter(s -> s.index() > k).toList();
                    beyond.forEach(this::stop);
                    ready.removeAll(beyond);
                    lastReady = ready.stream().mapToLong(Started::readyNs).max().orElse(rampStart);
                }
                long used = memory.usedBytes();
                samples.add(new MemorySample(ready.size(), used));
                for (Started s : ready) {
                    hostAfterWave.putIfAbsent(s.index(), used);
                }
                if (stopReason == null && request.untilMemoryBytes() != null
                        && used - hostBefore >= request.untilMemoryBytes()) {
                    stopReason = "the instances' host memory reached " + Sizes.format(used - hostBefore) + " (--until-memory "
                            + Sizes.format(request.untilMemoryBytes()) + ") with " + ready.size() + " instances ready";
                }
                if (ready.size() % Math.max(c, 50) < c || stopReason != null) {
                    err.printf(Locale.ROOT, "isobench: %s: %d ready, host memory +%s%n", name, ready.size(),
                            Sizes.format(Math.max(0, used - hostBefore)));
                }
            }
            if (stopReason != null && stopReason.startsWith("instance ")) {
                stopReason += "; " + ready.size() + " fit (ready at once)";
                err.println("isobench: " + name + ": " + stopReason);
            }
            Map<String, Long> perInstance = new LinkedHashMap<>();
            if (!ready.isEmpty()) {
                memory.breakdown().forEach((k, v) -> perInstance.put(k, (v - breakdownBefore.getOrDefault(k, v)) / ready.size()));
            }
            return measureAndStop(name, ready, samples, hostAfterWave, hostBefore, rampStart, lastReady, soloMs,
                    stopReason, pool, load, perInstance);
        } finally {
            pool.shutdownNow();
        }
    }

    private DensityRun measureAndStop(String name, List<Started> ready, List<MemorySample> samples,
                                      Map<Integer, Long> hostAfterWave, long hostBefore, long rampStart, long lastReady,
                                      double soloMs, String stopReason, ExecutorService pool, List<String> load,
                                      Map<String, Long> meminfoPerInstance)
            throws IOException {
        int n = ready.size();
        boolean interrupted = stopRequested.getAsBoolean();
        long hostAtN = samples.get(samples.size() - 1).hostMemoryBytes();
        // Figures at N, while all of them run.
        Map<Integer, long[]> atN = new LinkedHashMap<>(); // index -> pss, rss, cgroup memory
        Map<Long, Long> processes = new LinkedHashMap<>();
        List<Path> cgroupDirs = new ArrayList<>();
        List<Path> paths = new ArrayList<>();
        Map<Integer, VmMemory> vmAtN = new LinkedHashMap<>();
        for (Started s : ready) {
            CgroupReadings cg = new CgroupReadings(s.instance().cgroup());
            cgroupDirs.addAll(cg.directories());
            paths.addAll(s.instance().hostPaths());
            if (s.scratch() != null) {
                paths.add(s.scratch());
            }
            cg.pids().forEach(pid -> processes.put(pid, Leftovers.startTime(pid)));
        }
        if (!interrupted) {
            measure(ready, atN, vmAtN);
        }
        String ksm = Ksm.state();
        KsmMeasurement ksmSettled = null;
        if (!interrupted && n > 0 && request.ksm()) {
            ksmSettled = measureAfterKsm(name, ready, hostBefore);
        }

        // Steady: all N together.
        Map<Integer, Long> cpu = new LinkedHashMap<>();
        int throttled = 0;
        int oom = 0;
        double steadySeconds = 0;
        if (!interrupted && n > 0 && request.steadySeconds() > 0) {
            Map<Integer, long[]> before = new LinkedHashMap<>();
            for (Started s : ready) {
                CgroupReadings cg = new CgroupReadings(s.instance().cgroup());
                before.put(s.index(), new long[] {cg.cpuNs(), cg.throttledPeriods()});
            }
            long t0 = System.nanoTime();
            long end = t0 + request.steadySeconds() * 1_000_000_000L;
            while (System.nanoTime() < end && !stopRequested.getAsBoolean()) {
                sleep(Math.min(100, (end - System.nanoTime()) / 1_000_000 + 1));
            }
            steadySeconds = (System.nanoTime() - t0) / 1e9;
            for (Started s : ready) {
                CgroupReadings cg = new CgroupReadings(s.instance().cgroup());
                long[] b = before.get(s.index());
                cpu.put(s.index(), cg.cpuNs() - b[0]);
                if (cg.throttledPeriods() > b[1]) {
                    throttled++;
                }
            }
        }
        for (Started s : ready) {
            try {
                if (s.instance().cgroup().oomKilled()) {
                    oom++;
                }
            } catch (IOException e) {
                // no memory controller: cannot tell, counted as not killed
            }
        }

        // Teardown: all at once, as many in parallel as were started in parallel.
        long t0 = System.nanoTime();
        List<Future<?>> stops = new ArrayList<>();
        for (Started s : ready) {
            stops.add(pool.submit(() -> stop(s)));
        }
        for (Future<?> f : stops) {
            try {
                f.get();
            } catch (ExecutionException | InterruptedException e) {
                err.println("isobench: " + name + ": stopping an instance failed: " + e);
            }
        }
        double teardownMs = (System.nanoTime() - t0) / 1e6;
        List<String> leftovers = Leftovers.check(processes, cgroupDirs, paths);
        if (!leftovers.isEmpty()) {
            err.println("isobench: " + name + ": left behind: " + String.join("; ", leftovers));
        }
        load.add(loadavg());

        List<RampPoint> ramp = new ArrayList<>();
        double[] latencies = new double[n];
        int i = 0;
        for (Started s : ready) {
            long[] m = atN.getOrDefault(s.index(), new long[] {-1, -1, -1});
            double latency = (s.readyNs() - s.spawnNs()) / 1e6;
            latencies[i++] = latency;
            ramp.add(new RampPoint(s.index(), (s.spawnNs() - rampStart) / 1e6, latency, (s.readyNs() - rampStart) / 1e6,
                    hostAfterWave.getOrDefault(s.index(), -1L), m[0], m[1], m[2], cpu.getOrDefault(s.index(), -1L),
                    vmAtN.get(s.index())));
        }
        ramp.sort((a, b) -> Integer.compare(a.instance(), b.instance()));

        SimpleRegression fit = new SimpleRegression();
        for (MemorySample ms : samples) {
            fit.addData(ms.instances(), ms.hostMemoryBytes() - hostBefore);
        }
        boolean fits = samples.size() >= 3;
        double allReadyMs = (lastReady - rampStart) / 1e6;
        Percentile p = new Percentile();
        p.setData(latencies);
        double cpuTotal = cpu.values().stream().mapToLong(Long::longValue).sum();
        DensitySummary summary = new DensitySummary(request.count(), n, stopReason,
                n > 0 ? allReadyMs : null, n > 0 ? n / (allReadyMs / 1000) : null, soloMs,
                n > 0 ? p.evaluate(50) : null, n > 0 ? p.evaluate(90) : null, n > 0 ? p.evaluate(99) : null,
                hostBefore, hostAtN, n > 0 ? (hostAtN - hostBefore) / n : null,
                fits ? Math.round(fit.getSlope()) : null, fits ? Math.round(fit.getIntercept()) : null,
                fits ? fit.getRSquare() : null,
                mean(atN, 0), mean(atN, 1), mean(atN, 2), ksm, steadySeconds,
                steadySeconds > 0 ? cpuTotal / 1e9 / steadySeconds : null,
                cpu.isEmpty() ? null : Fairness.jain(new ArrayList<>(cpu.values())), oom, throttled,
                n > 0 ? teardownMs : null, leftovers, load, meminfoPerInstance, meanVm(vmAtN.values()), ksmSettled);
        return new DensityRun(name, ramp, samples, summary);
    }

    /** PSS, RSS and cgroup memory of every instance, and for a VM its split into guest and monitor memory. */
    private static void measure(List<Started> ready, Map<Integer, long[]> atN, Map<Integer, VmMemory> vmAtN)
            throws IOException {
        for (Started s : ready) {
            CgroupReadings cg = new CgroupReadings(s.instance().cgroup());
            ProcessMemory.Sizes sizes = ProcessMemory.of(cg.pids());
            atN.put(s.index(), new long[] {sizes.pssBytes(), sizes.rssBytes(), cg.memoryBytes()});
            s.instance().guestMemory().ifPresent(map -> {
                ProcessMemory.Sizes monitor = ProcessMemory.of(List.of(map.pid()));
                ProcessMemory.Sizes guest = ProcessMemory.inside(map.pid(), map.ranges());
                vmAtN.put(s.index(), new VmMemory(map.bytes(), guest.rssBytes(), guest.pssBytes(),
                        monitor.rssBytes() - guest.rssBytes(), monitor.pssBytes() - guest.pssBytes()));
            });
        }
    }

    /** How long KSM may take to settle before the figures are taken anyway (and marked unsettled). */
    static final double KSM_SETTLE_BOUND_SECONDS = 120;

    /**
     * {@code --ksm on}: KSM switched on with all N running, the figures taken again once it
     * settled, and KSM's settings put back exactly (also when this fails).
     */
    private KsmMeasurement measureAfterKsm(String name, List<Started> ready, long hostBefore) {
        Ksm host = new Ksm(Ksm.SYSFS);
        try (Ksm.Switched on = host.switchOn()) {
            err.printf("isobench: %s: KSM on, waiting until it settles (at most %.0f s)%n", name, KSM_SETTLE_BOUND_SECONDS);
            double waited = on.settle(KSM_SETTLE_BOUND_SECONDS);
            Map<Integer, long[]> atN = new LinkedHashMap<>();
            Map<Integer, VmMemory> vm = new LinkedHashMap<>();
            measure(ready, atN, vm);
            long hostAtN = memory.usedBytes();
            return new KsmMeasurement(on.runBefore(), Math.abs(waited), waited >= 0, host.number("pages_shared"),
                    host.number("pages_sharing"), hostAtN, (hostAtN - hostBefore) / ready.size(), mean(atN, 0),
                    meanVm(vm.values()));
        } catch (IOException e) {
            err.println("isobench: " + name + ": no KSM figures: " + e.getMessage());
            return null;
        }
    }

    private static VmMemory meanVm(java.util.Collection<VmMemory> all) {
        if (all.isEmpty()) {
            return null;
        }
        int n = all.size();
        return new VmMemory(all.stream().mapToLong(VmMemory::guestMemoryBytes).sum() / n,
                all.stream().mapToLong(VmMemory::touchedBytes).sum() / n,
                all.stream().mapToLong(VmMemory::guestPssBytes).sum() / n,
                all.stream().mapToLong(VmMemory::monitorRssBytes).sum() / n,
                all.stream().mapToLong(VmMemory::monitorPssBytes).sum() / n);
    }

    private static Long mean(Map<Integer, long[]> atN, int field) {
        if (atN.isEmpty()) {
            return null;
        }
        return Math.round(atN.values().stream().mapToLong(v -> v[field]).average().orElse(0));
    }

    /** Starts instance {@code index} (0 = the solo start) in a fresh cgroup and waits until it is ready. */
    private Started start(int index) throws RuntimeFailure {
        Cgroup cgroup;
        try {
            cgroup = cgroups.create("density-" + runtime.name() + "-" + index);
        } catch (IOException e) {
            throw new RuntimeFailure(e.getMessage(), e);
        }
        Instance instance = null;
        Path scratch = null;
        try {
            cgroup.applyLimits(request.limits());
            if (request.workload().needsScratch()) {
                scratch = Files.createTempDirectory(RunSession.scratchBase(), "isobench-scratch-");
            }
            Launch launch = new Launch(rootfs, request.workload().command(), ENV, request.limits(), cgroup, scratch,
                    request.readyTimeout(), Stdio.CAPTURE, options);
            instance = runtime.start(launch);
            live.add(instance, scratch);
            long readyNs = instance.awaitReady(request.readyTimeout());
            return new Started(index, instance, instance.spawnNs(), readyNs, scratch);
        } catch (IOException | RuntimeFailure | RuntimeException e) {
            if (instance != null) {
                live.stop(instance);
            } else {
                cgroup.close();
                if (scratch != null) {
                    FileTrees.deleteQuietly(scratch);
                }
            }
            if (e instanceof RuntimeFailure f) {
                throw f;
            }
            throw new RuntimeFailure(e.getMessage() == null ? e.toString() : e.getMessage(), e);
        }
    }

    private void stop(Started s) {
        live.stop(s.instance());
    }

    private static String loadavg() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).strip();
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(Math.max(1, ms));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
