package io.isobench.runtime.cgroup;

import io.isobench.model.Resources;
import io.isobench.runtime.Limits;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A trial cgroup on a v1 or hybrid host: one directory per controller hierarchy used
 * (co-mounted controllers share one), plus, on hybrid hosts, one in the cgroup2 hierarchy,
 * which v1 lacks: an atomic {@code cgroup.kill} and membership that no v1 controller
 * binding can hide.
 *
 * <p>Memory: the limit is {@code memory.limit_in_bytes}, and {@code memory.memsw.limit_in_bytes}
 * (when swap accounting exists) is set to the same value, so the limit means "this much
 * RAM, no swap to hide in", as {@code memory.swap.max=0} does on v2. Peak memory is
 * {@code memory.max_usage_in_bytes} (page cache included, as on v2).
 *
 * <p>Block I/O: {@code blkio.throttle.io_service_bytes_recursive}. Current kernels only
 * account I/O in these files for a cgroup that has a throttle rule (measured on 6.18: no
 * rule, {@code Total 0} after 16 MiB of O_DIRECT writes), so every new cgroup gets a
 * rule of 1 TiB/s on each block device: accounting on, no throttling in practice. v1
 * attributes background writeback to the root cgroup; writes the workload forces out
 * itself (O_DIRECT, fsync) count.
 */
final class CgroupV1 implements Cgroup {
    private static final long CFS_PERIOD_US = 100_000;
    /** Bytes per second of the accounting-only throttle rule: far above any device. */
    private static final long UNTHROTTLED_BPS = 1L << 40;

    private final Map<String, Path> dirs;
    private final Path unified;
    private final List<Path> created;
    private boolean closed;

    /**
     * @param dirs    controller → this cgroup's directory in its hierarchy (already created)
     * @param unified this cgroup's directory in the cgroup2 hierarchy (already created), or null
     */
    CgroupV1(Map<String, Path> dirs, Path unified) {
        this.dirs = Map.copyOf(dirs);
        this.unified = unified;
        Set<Path> all = new LinkedHashSet<>(dirs.values());
        if (unified != null) {
            all.add(unified);
        }
        this.created = List.copyOf(all);
    }

    /** Turns on block I/O accounting (see the class comment); devices that refuse a rule are skipped. */
    void enableIoAccounting() {
        Path blkio = dirs.get("blkio");
        if (blkio == null || !Files.exists(blkio.resolve("blkio.throttle.read_bps_device"))) {
            return;
        }
        for (String device : BlockDevices.wholeDisks()) {
            for (String file : List.of("blkio.throttle.read_bps_device", "blkio.throttle.write_bps_device")) {
                try {
                    CgroupFiles.write(blkio.resolve(file), device + " " + UNTHROTTLED_BPS);
                } catch (IOException e) {
                    // e.g. a device without a request queue: nothing to account there
                }
            }
        }
    }

    @Override
    public List<Path> procsFiles() {
        return created.stream().map(d -> d.resolve("cgroup.procs")).toList();
    }

    /** The directories of this cgroup (one per hierarchy). */
    List<Path> directories() {
        return created;
    }

    @Override
    public void applyLimits(Limits limits) throws IOException {
        if (limits.cpus() != null) {
            Path cpu = need("cpu", "--cpus");
            CgroupFiles.write(cpu.resolve("cpu.cfs_period_us"), Long.toString(CFS_PERIOD_US));
            CgroupFiles.write(cpu.resolve("cpu.cfs_quota_us"), Long.toString(Math.max(1000, Math.round(limits.cpus() * CFS_PERIOD_US))));
        }
        if (limits.memoryBytes() != null) {
            Path memory = need("memory", "--memory");
            CgroupFiles.write(memory.resolve("memory.limit_in_bytes"), Long.toString(limits.memoryBytes()));
            Path memsw = memory.resolve("memory.memsw.limit_in_bytes");
            if (Files.exists(memsw)) {
                CgroupFiles.write(memsw, Long.toString(limits.memoryBytes()));
            }
        }
        if (limits.pids() != null) {
            CgroupFiles.write(need("pids", "a pids limit").resolve("pids.max"), Integer.toString(limits.pids()));
        }
    }

    private Path need(String controller, String what) throws IOException {
        Path dir = dirs.get(controller);
        if (dir == null) {
            throw new IOException("cannot apply " + what + ": the " + controller + " cgroup controller is not mounted on this host");
        }
        return dir;
    }

    @Override
    public Resources usage() throws IOException {
        long user = 0;
        long system = 0;
        Path cpuacct = dirs.get("cpuacct");
        if (cpuacct != null) {
            // cpuacct.usage is exact (scheduler ns); the user/system split is sampled at
            // timer ticks, so a short process often shows 0/0. Like the kernel does for
            // rusage (cputime_adjust), scale the sampled split to the exact total, and give
            // everything to user time when no tick was sampled.
            long total = Math.max(0, CgroupFiles.readLong(cpuacct.resolve("cpuacct.usage")));
            long u = CgroupFiles.readLong(cpuacct.resolve("cpuacct.usage_user"));
            long s = CgroupFiles.readLong(cpuacct.resolve("cpuacct.usage_sys"));
            if (u < 0 || s < 0) {
                // Older kernels: only cpuacct.stat, in USER_HZ ticks (100 per second on Linux).
                Map<String, Long> stat = CgroupFiles.readKeyed(cpuacct.resolve("cpuacct.stat"));
                u = stat.getOrDefault("user", 0L);
                s = stat.getOrDefault("system", 0L);
            }
            long[] split = split(total, u, s);
            user = split[0];
            system = split[1];
        }
        long peak = 0;
        Path memory = dirs.get("memory");
        if (memory != null) {
            peak = Math.max(0, CgroupFiles.readLong(memory.resolve("memory.max_usage_in_bytes")));
        }
        long read = 0;
        long written = 0;
        Path blkio = dirs.get("blkio");
        if (blkio != null) {
            for (String name : List.of("blkio.throttle.io_service_bytes_recursive", "blkio.throttle.io_service_bytes",
                    "blkio.io_service_bytes_recursive")) {
                Path f = blkio.resolve(name);
                if (Files.exists(f)) {
                    long[] rw = CgroupFiles.parseBlkioServiceBytes(CgroupFiles.read(f));
                    read = rw[0];
                    written = rw[1];
                    break;
                }
            }
        }
        return new Resources(user, system, peak, read, written);
    }

    /** Divides an exact total in the proportion of two sampled parts (the kernel's cputime_adjust rule). */
    static long[] split(long total, long sampledUser, long sampledSystem) {
        if (sampledSystem <= 0) {
            return new long[]{total, 0};
        }
        if (sampledUser <= 0) {
            return new long[]{0, total};
        }
        long user = (long) ((double) total * sampledUser / (sampledUser + sampledSystem));
        return new long[]{user, total - user};
    }

    @Override
    public boolean oomKilled() throws IOException {
        Path memory = dirs.get("memory");
        if (memory == null) {
            return false;
        }
        // memory.oom_control's oom_kill counter exists since Linux 4.13. memory.failcnt is no
        // substitute: it counts every time usage hit the limit, reclaim included.
        // v1 counts an OOM kill only in the victim's own cgroup, not in its ancestors: a runtime
        // that makes a child cgroup for its container (container:runc) has the kill counted there.
        try (Stream<Path> tree = Files.walk(memory)) {
            for (Path dir : (Iterable<Path>) tree.filter(Files::isDirectory)::iterator) {
                if (CgroupFiles.readKeyed(dir.resolve("memory.oom_control")).getOrDefault("oom_kill", 0L) > 0) {
                    return true;
                }
            }
        }
        return false;
    }

    @Override
    public PressureSample pressure() throws IOException {
        long limit = -1;
        long refaults = -1;
        Path memory = dirs.get("memory");
        if (memory != null) {
            limit = PressureSample.limit(CgroupFiles.readLong(memory.resolve("memory.limit_in_bytes")));
            refaults = PressureSample.refaults(CgroupFiles.readKeyed(memory.resolve("memory.stat")));
        }
        long pidsMax = -1;
        long pidsHits = -1;
        Path pids = dirs.get("pids");
        if (pids != null) {
            pidsMax = PressureSample.limit(CgroupFiles.readLong(pids.resolve("pids.max")));
            pidsHits = CgroupFiles.readKeyed(pids.resolve("pids.events")).getOrDefault("max", -1L);
        }
        // No per-cgroup PSI on v1.
        return new PressureSample(limit, refaults, -1, pidsMax, pidsHits);
    }

    @Override
    public void killAll() throws IOException {
        List<Path> procs = procsFiles();
        CgroupKiller.killAll(() -> CgroupKiller.union(procs),
                unified == null ? null : unified.resolve("cgroup.kill"), dirs.get("freezer"));
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        CgroupRemover.killAndRemove(this, created, () -> { });
    }

    @Override
    public String toString() {
        return created.toString();
    }
}
