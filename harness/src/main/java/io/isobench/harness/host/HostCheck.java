package io.isobench.harness.host;

import io.isobench.model.HostConditions.Condition;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Reads the host's noise sources: the tunable {@link Knobs} and what can only be observed
 * (load, swap in use, the busiest other processes over a short sample, the clock source, the
 * cgroup hierarchies' mount options). Reading only; quick (the process sample takes
 * {@link #SAMPLE_MILLIS}). {@code root} is the host root ({@code /}; tests give a tree).
 */
public final class HostCheck {
    static final long SAMPLE_MILLIS = 300;
    /** A process busier than this share of one CPU during the sample is warned about. */
    static final double BUSY_SHARE = 0.10;
    private static final long TICKS_PER_SECOND = 100; // USER_HZ: fixed at 100 for /proc on x86 Linux

    private final Path root;
    private final long self;
    private final SpawnFloor spawnFloor;

    /** Reads {@code root} only (tests give a tree): no live measurement. */
    public HostCheck(Path root, long selfPid) {
        this(root, selfPid, null);
    }

    private HostCheck(Path root, long selfPid, SpawnFloor spawnFloor) {
        this.root = root;
        this.self = selfPid;
        this.spawnFloor = spawnFloor;
    }

    /** This host, with the harness's start floor measured ({@link SpawnFloor}). */
    public static HostCheck here() {
        return new HostCheck(Path.of("/"), ProcessHandle.current().pid(), SpawnFloor.here());
    }

    public List<Condition> read() {
        List<Condition> out = new ArrayList<>();
        for (Knob k : Knobs.ALL) {
            out.add(k.read(root));
        }
        out.add(swap());
        out.add(load());
        out.add(busiest());
        out.add(clockSource());
        out.add(cgroupMounts());
        if (spawnFloor != null) {
            out.add(spawnFloor.measure());
        }
        return out;
    }

    Condition swap() {
        Map<String, Long> kb = meminfo();
        if (!kb.containsKey("SwapTotal")) {
            return new Condition("swap", "unknown", null);
        }
        long used = kb.get("SwapTotal") - kb.getOrDefault("SwapFree", 0L);
        String value = kb.get("SwapTotal") == 0 ? "none" : (used >> 10) + " MiB used of " + (kb.get("SwapTotal") >> 10) + " MiB";
        return new Condition("swap", value, used > 0 ? "swap is in use (" + value + "): pages of a trial may be read back"
                + " from disk; fix: free memory (or swapoff -a)" : null);
    }

    Condition load() {
        try {
            String[] f = Files.readString(root.resolve("proc/loadavg")).trim().split("\\s+");
            double one = Double.parseDouble(f[0]);
            int cpus = Runtime.getRuntime().availableProcessors();
            String value = f[0] + " " + f[1] + " " + f[2] + " on " + cpus + " CPUs";
            return new Condition("load", value, one > 0.5 * cpus ? String.format(Locale.ROOT,
                    "load average %.2f on %d CPUs: other work competes with the trials; fix: stop it, or run when the host is idle",
                    one, cpus) : null);
        } catch (IOException | RuntimeException e) {
            return new Condition("load", "unknown", null);
        }
    }

    /** The three busiest processes (other than this one and its children) during a short sample. */
    Condition busiest() {
        Map<Long, Long> first = cpuTicks();
        try {
            Thread.sleep(SAMPLE_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Condition("busiest", "unknown", null);
        }
        Map<Long, Long> second = cpuTicks();
        List<long[]> busy = new ArrayList<>();
        second.forEach((pid, ticks) -> {
            Long before = first.get(pid);
            if (before != null && ticks > before && pid != self) {
                busy.add(new long[] {pid, ticks - before});
            }
        });
        busy.sort(Comparator.comparingLong((long[] b) -> b[1]).reversed());
        List<String> top = new ArrayList<>();
        List<String> hot = new ArrayList<>();
        for (long[] b : busy.subList(0, Math.min(3, busy.size()))) {
            double share = b[1] / (double) TICKS_PER_SECOND / (SAMPLE_MILLIS / 1000.0);
            String s = String.format(Locale.ROOT, "%s (pid %d) %.0f%%", comm(b[0]), b[0], share * 100);
            top.add(s);
            if (share > BUSY_SHARE) {
                hot.add(s);
            }
        }
        return new Condition("busiest", top.isEmpty() ? "none" : String.join(", ", top), hot.isEmpty() ? null
                : "other processes were busy (" + String.join(", ", hot) + " of a CPU): they compete with the trials;"
                + " fix: stop them, or run when the host is idle");
    }

    Condition clockSource() {
        Path f = root.resolve("sys/devices/system/clocksource/clocksource0/current_clocksource");
        String v = Knob.value(f).orElse("unknown");
        boolean slow = v.equals("hpet") || v.equals("acpi_pm") || v.equals("jiffies");
        return new Condition("clocksource", v, slow ? "the clock source is " + v + ": every clock read is a slow device"
                + " access, which timing-heavy workloads feel; fix: use tsc (or kvm-clock in a VM) if the kernel allows it" : null);
    }

    /** The cgroup hierarchies' mount options (e.g. cgroup2's favordynmods, which speeds up joining a cgroup). */
    Condition cgroupMounts() {
        try (Stream<String> lines = Files.lines(root.resolve("proc/mounts"))) {
            List<String> mounts = lines.map(l -> l.split(" ")).filter(f -> f.length > 3 && f[2].startsWith("cgroup"))
                    .map(f -> f[1] + " " + f[2] + " " + f[3]).toList();
            return new Condition("cgroup.mounts", mounts.isEmpty() ? "none" : String.join("; ", mounts), null);
        } catch (IOException e) {
            return new Condition("cgroup.mounts", "unknown", null);
        }
    }

    private Map<String, Long> meminfo() {
        Map<String, Long> kb = new HashMap<>();
        try (Stream<String> lines = Files.lines(root.resolve("proc/meminfo"))) {
            lines.forEach(l -> {
                String[] f = l.split(":\\s+|\\s+");
                if (f.length >= 2 && f[1].matches("\\d+")) {
                    kb.put(f[0], Long.parseLong(f[1]));
                }
            });
        } catch (IOException e) {
            // unknown
        }
        return kb;
    }

    /** pid → utime + stime in ticks, for every process but this one's children. */
    private Map<Long, Long> cpuTicks() {
        Map<Long, Long> ticks = new HashMap<>();
        try (Stream<Path> procs = Files.list(root.resolve("proc"))) {
            procs.filter(p -> p.getFileName().toString().matches("\\d+")).forEach(p -> {
                try {
                    String stat = Files.readString(p.resolve("stat"));
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    if (Long.parseLong(f[1]) != self) { // f[1] is ppid
                        ticks.put(Long.parseLong(p.getFileName().toString()), Long.parseLong(f[11]) + Long.parseLong(f[12]));
                    }
                } catch (IOException | RuntimeException e) {
                    // the process ended meanwhile
                }
            });
        } catch (IOException e) {
            // unknown
        }
        return ticks;
    }

    private String comm(long pid) {
        try {
            return Files.readString(root.resolve("proc/" + pid + "/comm")).strip();
        } catch (IOException e) {
            return "?";
        }
    }
}
