package io.isobench.runtime.cgroup;

import io.isobench.model.Resources;
import io.isobench.runtime.Limits;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A trial cgroup on a v2 (unified) host: one directory. Which files exist depends on the
 * controllers enabled in the parent's {@code cgroup.subtree_control}; {@code cpu.stat}'s
 * usage counters exist in every v2 cgroup, the others are read only when their controller
 * is there.
 *
 * <p>Peak memory is {@code memory.peak} (Linux 5.19+). On older kernels a sampler thread
 * reads {@code memory.current} every {@value MemorySampler#INTERVAL_MS} ms while the cgroup
 * exists and keeps the maximum, which can miss a spike shorter than the interval.
 */
final class CgroupV2 implements Cgroup {
    private static final long CPU_PERIOD_US = 100_000;

    private final Path dir;
    private final Set<String> controllers;
    private final MemorySampler sampler;
    private boolean closed;

    /**
     * @param dir         the cgroup directory (already created)
     * @param controllers the controllers enabled for it (the parent's subtree_control)
     */
    CgroupV2(Path dir, Set<String> controllers) {
        this.dir = dir;
        this.controllers = Set.copyOf(controllers);
        if (controllers.contains("memory") && !Files.exists(dir.resolve("memory.peak"))) {
            sampler = new MemorySampler(dir.resolve("memory.current"));
            sampler.start();
        } else {
            sampler = null;
        }
    }

    @Override
    public List<Path> procsFiles() {
        return List.of(dir.resolve("cgroup.procs"));
    }

    Path directory() {
        return dir;
    }

    @Override
    public void applyLimits(Limits limits) throws IOException {
        if (limits.cpus() != null) {
            long quota = Math.max(1000, Math.round(limits.cpus() * CPU_PERIOD_US));
            CgroupFiles.write(need("cpu", "--cpus").resolve("cpu.max"), quota + " " + CPU_PERIOD_US);
        }
        if (limits.memoryBytes() != null) {
            Path d = need("memory", "--memory");
            CgroupFiles.write(d.resolve("memory.max"), Long.toString(limits.memoryBytes()));
            // No swap: the limit means RAM, as on v1 with memsw.
            if (Files.exists(d.resolve("memory.swap.max"))) {
                CgroupFiles.write(d.resolve("memory.swap.max"), "0");
            }
        }
        if (limits.pids() != null) {
            CgroupFiles.write(need("pids", "a pids limit").resolve("pids.max"), Integer.toString(limits.pids()));
        }
    }

    private Path need(String controller, String what) throws IOException {
        if (!controllers.contains(controller)) {
            throw new IOException("cannot apply " + what + ": the " + controller
                    + " controller is not enabled for " + dir.getParent() + " (see isobench doctor)");
        }
        return dir;
    }

    @Override
    public Resources usage() throws IOException {
        Map<String, Long> cpu = CgroupFiles.readKeyed(dir.resolve("cpu.stat"));
        long user = cpu.getOrDefault("user_usec", 0L) * 1000;
        long system = cpu.getOrDefault("system_usec", 0L) * 1000;
        long peak = 0;
        if (controllers.contains("memory")) {
            long p = CgroupFiles.readLong(dir.resolve("memory.peak"));
            if (p >= 0) {
                peak = p;
            } else if (sampler != null) {
                peak = sampler.peak();
            }
        }
        long read = 0;
        long written = 0;
        if (controllers.contains("io") && Files.exists(dir.resolve("io.stat"))) {
            long[] rw = CgroupFiles.parseIoStat(CgroupFiles.read(dir.resolve("io.stat")));
            read = rw[0];
            written = rw[1];
        }
        return new Resources(user, system, peak, read, written);
    }

    @Override
    public boolean oomKilled() throws IOException {
        return CgroupFiles.readKeyed(dir.resolve("memory.events")).getOrDefault("oom_kill", 0L) > 0;
    }

    @Override
    public PressureSample pressure() throws IOException {
        long limit = -1;
        long refaults = -1;
        long stall = -1;
        if (controllers.contains("memory")) {
            limit = PressureSample.limit(CgroupFiles.readLong(dir.resolve("memory.max")));
            refaults = PressureSample.refaults(CgroupFiles.readKeyed(dir.resolve("memory.stat")));
            if (Files.exists(dir.resolve("memory.pressure"))) {
                stall = PressureSample.fullStall(CgroupFiles.read(dir.resolve("memory.pressure")));
            }
        }
        long pidsMax = -1;
        long pidsHits = -1;
        if (controllers.contains("pids")) {
            pidsMax = PressureSample.limit(CgroupFiles.readLong(dir.resolve("pids.max")));
            pidsHits = CgroupFiles.readKeyed(dir.resolve("pids.events")).getOrDefault("max", -1L);
        }
        return new PressureSample(limit, refaults, stall, pidsMax, pidsHits);
    }

    @Override
    public void killAll() throws IOException {
        Path procs = dir.resolve("cgroup.procs");
        CgroupKiller.killAll(() -> CgroupFiles.readPids(procs), dir.resolve("cgroup.kill"), null);
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        CgroupRemover.killAndRemove(this, List.of(dir), () -> {
            if (sampler != null) {
                sampler.stop();
            }
        });
    }

    @Override
    public String toString() {
        return dir.toString();
    }

    /** Keeps the largest memory.current seen, for kernels without memory.peak. */
    static final class MemorySampler implements Runnable {
        static final int INTERVAL_MS = 10;
        private final Path current;
        private final Thread thread;
        private volatile boolean running = true;
        private volatile long peak;

        MemorySampler(Path current) {
            this.current = current;
            this.thread = new Thread(this, "isobench-memory-sampler");
            this.thread.setDaemon(true);
        }

        void start() {
            thread.start();
        }

        void stop() {
            running = false;
            thread.interrupt();
        }

        long peak() {
            sample();
            return peak;
        }

        private void sample() {
            try {
                long v = CgroupFiles.readLong(current);
                if (v > peak) {
                    peak = v;
                }
            } catch (IOException | NumberFormatException e) {
                // The cgroup is going away.
            }
        }

        @Override
        public void run() {
            while (running) {
                sample();
                try {
                    Thread.sleep(INTERVAL_MS);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }
}
