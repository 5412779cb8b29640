package io.isobench.harness.density;

import io.isobench.runtime.cgroup.Cgroup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What density reads from an instance's cgroup beyond {@link Cgroup#usage()}: its processes,
 * its memory in use now and its throttling count, on v1 and v2 alike. The files are found
 * next to the {@code cgroup.procs} files the cgroup names, so this needs no change to the
 * cgroup classes.
 *
 * <p>Memory in use is {@code memory.current} (v2) or {@code memory.usage_in_bytes} (v1);
 * both include kernel memory charged to the cgroup (slab, page tables, sockets) on this
 * kernel generation (v1: kmem is charged to the memory counter unless booted with
 * {@code cgroup.memory=nokmem}).
 */
public final class CgroupReadings {
    private final Cgroup cgroup;

    public CgroupReadings(Cgroup cgroup) {
        this.cgroup = cgroup;
    }

    private List<Path> dirs() {
        List<Path> dirs = new ArrayList<>();
        for (Path procs : cgroup.procsFiles()) {
            dirs.add(procs.getParent());
        }
        return dirs;
    }

    /** Pids of every process in the cgroup (host view). */
    public List<Long> pids() throws IOException {
        List<Long> pids = new ArrayList<>();
        Path first = cgroup.procsFiles().get(0);
        for (String line : Files.readAllLines(first)) {
            if (!line.isBlank()) {
                pids.add(Long.parseLong(line.strip()));
            }
        }
        return pids;
    }

    /** Memory in use, incl. kernel memory; -1 when no memory controller is attached. */
    public long memoryBytes() throws IOException {
        for (Path dir : dirs()) {
            for (String name : List.of("memory.current", "memory.usage_in_bytes")) {
                Path f = dir.resolve(name);
                if (Files.exists(f)) {
                    return Long.parseLong(Files.readString(f).strip());
                }
            }
        }
        return -1;
    }

    /** Periods in which the cgroup was throttled ({@code cpu.stat nr_throttled}), 0 without a cpu controller. */
    public long throttledPeriods() throws IOException {
        for (Path dir : dirs()) {
            Path f = dir.resolve("cpu.stat");
            if (Files.exists(f)) {
                for (String line : Files.readAllLines(f)) {
                    if (line.startsWith("nr_throttled ")) {
                        return Long.parseLong(line.substring("nr_throttled ".length()).strip());
                    }
                }
            }
        }
        return 0;
    }

    /** CPU time (user + system) used so far. */
    public long cpuNs() throws IOException {
        var r = cgroup.usage();
        return Math.max(0, r.cpuUserNs()) + Math.max(0, r.cpuSystemNs());
    }

    /** The cgroup's directories (for the leftover check). */
    public List<Path> directories() {
        return dirs();
    }
}
