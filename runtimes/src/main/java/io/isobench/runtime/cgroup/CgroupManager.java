package io.isobench.runtime.cgroup;

import io.isobench.runtime.Owner;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Creates the trial cgroups, nested under the harness's own cgroup in every hierarchy, and
 * removes those that a killed run left behind.
 *
 * <p>Names: {@code isobench-<pid>_<starttime>-<seq>-<label>}, where pid and starttime (clock
 * ticks since boot, from /proc/pid/stat) identify the harness process that owns it. A
 * cgroup is stale when that process no longer exists (the start time guards against pid
 * reuse); only stale ones are ever removed, so concurrent runs never touch each other.
 *
 * <p>v2 and the "no internal processes" rule: controllers can only be enabled in a
 * cgroup's {@code cgroup.subtree_control} when it has no processes of its own (the root
 * excepted). So on a v2 host, unless it already sits in the root, the harness first moves
 * itself into the leaf {@code <own>/isobench-harness} and then enables cpu, memory, io and
 * pids for {@code <own>}; trial cgroups are siblings of that leaf. When other processes
 * share the harness's cgroup (e.g. a login shell), the harness does not move them: the
 * controllers cannot be enabled, trial cgroups still get CPU time (cpu.stat exists in every
 * v2 cgroup) but no limits, memory or I/O figures, and {@link #note()} says so and how to
 * fix it (start isobench in a cgroup of its own, e.g. {@code systemd-run --scope}).
 */
public final class CgroupManager {
    static final String HARNESS_LEAF = "isobench-harness";
    private static final Pattern NAME = Pattern.compile("isobench-(\\d+)_(\\d+)-.*");
    private static final List<String> V1_CONTROLLERS = List.of("cpu", "cpuacct", "memory", "blkio", "pids", "freezer");
    private static final List<String> V2_CONTROLLERS = List.of("cpu", "memory", "io", "pids");
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private final CgroupLayout layout;
    /** v1: controller → parent directory for trial cgroups. */
    private final Map<String, Path> v1Parents;
    /** v2 (or hybrid's cgroup2 part): parent directory for trial cgroups, or null. */
    private final Path v2Parent;
    private final Set<String> v2Controllers;
    private final String note;
    private final String prefix;

    private CgroupManager(CgroupLayout layout, Map<String, Path> v1Parents, Path v2Parent,
                          Set<String> v2Controllers, String note) throws IOException {
        this.layout = layout;
        this.v1Parents = v1Parents;
        this.v2Parent = v2Parent;
        this.v2Controllers = v2Controllers;
        this.note = note;
        this.prefix = "isobench-" + Owner.current().tag() + "-";
    }

    /** Detects the host's cgroups, prepares them (v2: see above) and removes stale trial cgroups. */
    public static CgroupManager open() throws IOException {
        return open(CgroupLayout.detect());
    }

    static CgroupManager open(CgroupLayout layout) throws IOException {
        CgroupManager manager;
        if (layout.mode() == CgroupMode.V2) {
            manager = prepareV2(layout);
        } else {
            Map<String, Path> parents = new LinkedHashMap<>();
            for (String c : V1_CONTROLLERS) {
                if (layout.v1().containsKey(c)) {
                    parents.put(c, layout.v1().get(c));
                }
            }
            Path unified = layout.unified();
            if (unified != null && unified.getFileName() != null
                    && unified.getFileName().toString().equals(HARNESS_LEAF)) {
                unified = unified.getParent();
            }
            manager = new CgroupManager(layout, parents, unified, Set.of(), null);
        }
        manager.removeStale();
        return manager;
    }

    private static CgroupManager prepareV2(CgroupLayout layout) throws IOException {
        Path own = layout.unified();
        boolean inLeaf = own.getFileName() != null && own.getFileName().toString().equals(HARNESS_LEAF);
        Path parent = inLeaf ? own.getParent() : own;
        boolean isRoot = parent.equals(layout.unifiedRoot());
        Set<String> available = words(CgroupFiles.read(parent.resolve("cgroup.controllers")));
        Set<String> wanted = new TreeSet<>(V2_CONTROLLERS);
        wanted.retainAll(available);
        String note = null;
        if (!isRoot && !inLeaf) {
            // Always, even when no controller is wanted: one behaviour, whatever the host delegates.
            Path leaf = parent.resolve(HARNESS_LEAF);
            try {
                Files.createDirectory(leaf);
            } catch (FileAlreadyExistsException ok) {
                // another isobench (or an earlier one) made it
            }
            CgroupFiles.write(leaf.resolve("cgroup.procs"), Long.toString(ProcessHandle.current().pid()));
        }
        if (!words(CgroupFiles.read(parent.resolve("cgroup.subtree_control"))).containsAll(wanted)) {
            List<String> failed = new ArrayList<>();
            for (String c : wanted) {
                try {
                    CgroupFiles.write(parent.resolve("cgroup.subtree_control"), "+" + c);
                } catch (IOException e) {
                    failed.add(c);
                }
            }
            if (!failed.isEmpty()) {
                note = "cannot enable the " + String.join(", ", failed) + " controller(s) for " + parent
                        + " because other processes share isobench's cgroup there; trial limits, memory and I/O"
                        + " figures need isobench started in a cgroup of its own (e.g. systemd-run --scope ./isobench ...)";
            }
        }
        Set<String> enabled = words(CgroupFiles.read(parent.resolve("cgroup.subtree_control")));
        enabled.retainAll(wanted);
        Set<String> missing = new TreeSet<>(V2_CONTROLLERS);
        missing.removeAll(available);
        if (note == null && !missing.isEmpty()) {
            note = "the " + String.join(", ", missing) + " controller(s) are not available to " + parent
                    + " (not delegated by the parent cgroup)";
        }
        return new CgroupManager(layout, Map.of(), parent, enabled, note);
    }

    private static Set<String> words(String text) {
        Set<String> set = new TreeSet<>();
        for (String w : text.strip().split("\\s+")) {
            if (!w.isEmpty()) {
                set.add(w);
            }
        }
        return set;
    }

    public CgroupMode mode() {
        return layout.mode();
    }

    public CgroupLayout layout() {
        return layout;
    }

    /**
     * Controllers trial cgroups get: cpu, cpuacct, memory, blkio, pids, freezer on v1/hybrid;
     * cpu, memory, io, pids on v2.
     */
    public Set<String> controllers() {
        if (layout.mode() == CgroupMode.V2) {
            return v2Controllers;
        }
        return new TreeSet<>(v1Parents.keySet());
    }

    /** Why some controllers are missing, in one sentence; null when nothing is. */
    public String note() {
        if (layout.mode() != CgroupMode.V2) {
            Set<String> missing = new TreeSet<>(V1_CONTROLLERS);
            missing.removeAll(v1Parents.keySet());
            return missing.isEmpty() ? null : "the " + String.join(", ", missing) + " controller(s) are not mounted";
        }
        return note;
    }

    /** The directories trial cgroups are created in (one per hierarchy). */
    public List<Path> parents() {
        Set<Path> all = new LinkedHashSet<>(v1Parents.values());
        if (v2Parent != null) {
            all.add(v2Parent);
        }
        return List.copyOf(all);
    }

    /** {@code isobench-<pid>_<starttime>-}: the start of every cgroup name this process creates. */
    public String prefix() {
        return prefix;
    }

    /**
     * Creates a fresh trial cgroup in every hierarchy.
     *
     * @param label a readable suffix, e.g. {@code bare-cpu.sha256-3}
     */
    public Cgroup create(String label) throws IOException {
        String name = prefix + SEQUENCE.incrementAndGet() + "-" + label.replaceAll("[^A-Za-z0-9._-]", "_");
        if (name.length() > 200) {
            name = name.substring(0, 200);
        }
        if (layout.mode() == CgroupMode.V2) {
            Path dir = v2Parent.resolve(name);
            mkdir(dir);
            return new CgroupV2(dir, v2Controllers);
        }
        Map<Path, Path> made = new LinkedHashMap<>();
        Map<String, Path> dirs = new LinkedHashMap<>();
        Path unifiedDir = null;
        try {
            for (var e : v1Parents.entrySet()) {
                Path dir = made.get(e.getValue());
                if (dir == null) {
                    dir = e.getValue().resolve(name);
                    mkdir(dir);
                    made.put(e.getValue(), dir);
                }
                dirs.put(e.getKey(), dir);
            }
            if (v2Parent != null && Files.isWritable(v2Parent)) {
                unifiedDir = v2Parent.resolve(name);
                mkdir(unifiedDir);
            }
        } catch (IOException e) {
            for (Path dir : made.values()) {
                CgroupRemover.remove(dir, new ArrayList<>());
            }
            throw e;
        }
        CgroupV1 cgroup = new CgroupV1(dirs, unifiedDir);
        cgroup.enableIoAccounting();
        return cgroup;
    }

    private static void mkdir(Path dir) throws IOException {
        try {
            Files.createDirectory(dir);
        } catch (IOException e) {
            throw new IOException("cannot create cgroup " + dir + ": " + CgroupFiles.reason(e), e);
        }
    }

    /**
     * Removes trial cgroups whose owning harness process is gone, killing anything still in
     * them first.
     *
     * @return the directories removed
     */
    public List<Path> removeStale() {
        List<Path> removed = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        for (Path parent : parents()) {
            List<Path> children;
            try (Stream<Path> list = Files.list(parent)) {
                children = list.filter(Files::isDirectory).toList();
            } catch (IOException e) {
                continue;
            }
            for (Path child : children) {
                Matcher m = NAME.matcher(child.getFileName().toString());
                if (!m.matches() || new Owner(Long.parseLong(m.group(1)), Long.parseLong(m.group(2))).alive()) {
                    continue;
                }
                List<Path> procs = List.of(child.resolve("cgroup.procs"));
                try {
                    CgroupKiller.killAll(() -> CgroupKiller.union(procs), child.resolve("cgroup.kill"), null);
                } catch (IOException e) {
                    errors.add(e.getMessage());
                }
                int before = errors.size();
                CgroupRemover.remove(child, errors);
                if (errors.size() == before) {
                    removed.add(child);
                }
            }
        }
        if (!errors.isEmpty()) {
            System.err.println("isobench: stale cgroup cleanup: " + String.join("; ", errors));
        }
        return removed;
    }
}
