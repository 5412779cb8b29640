package io.isobench.harness.workload;

import io.isobench.workloads.Catalog;
import io.isobench.workloads.Workload;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The user's own workloads of one run (from workload files and {@code --rootfs}), by id,
 * and the selection rules that mix them with the built-in catalog.
 */
public final class CustomWorkloads {
    public static final CustomWorkloads NONE = new CustomWorkloads(List.of());

    private final Map<String, FileWorkload> byId = new LinkedHashMap<>();

    /** @throws IllegalArgumentException when an id repeats or is a built-in one */
    public CustomWorkloads(List<FileWorkload> workloads) {
        for (FileWorkload w : workloads) {
            if (Catalog.byId(w.id()) != null) {
                throw new IllegalArgumentException("workload " + w.id() + (w.origin() == null ? "" : " in " + w.origin())
                        + " has the id of a built-in workload; choose another");
            }
            if (byId.putIfAbsent(w.id(), w) != null) {
                throw new IllegalArgumentException("workload " + w.id() + " is defined twice"
                        + (w.origin() == null ? "" : " (again in " + w.origin() + ")"));
            }
        }
    }

    public boolean isEmpty() {
        return byId.isEmpty();
    }

    /** The custom workload of this id, or null for a built-in one. */
    public FileWorkload get(String id) {
        return byId.get(id);
    }

    /**
     * These workloads, the selected ones with their root prepared (built, unpacked or
     * checked; each distinct source once), the others as they were (they will not run).
     */
    public CustomWorkloads prepared(List<Workload> selected) {
        Set<String> ids = new java.util.HashSet<>();
        selected.forEach(w -> ids.add(w.id()));
        Map<RootfsSource, java.nio.file.Path> roots = new LinkedHashMap<>();
        List<FileWorkload> out = new ArrayList<>();
        for (FileWorkload w : byId.values()) {
            if (!ids.contains(w.id())) {
                out.add(w);
                continue;
            }
            java.nio.file.Path root = roots.computeIfAbsent(w.rootfs(), RootfsSource::prepare);
            out.add(new FileWorkload(w.workload(), w.rootfs(), root, w.env(), w.metrics(), w.timeout(), w.origin(),
                    w.farEndServer()));
        }
        return new CustomWorkloads(out);
    }

    /**
     * What a run executes. No names: the custom workloads if there are any (a workload file
     * is run for its own workloads), else the default suite. Names: ids and categories of
     * either kind, built-in ones first in catalog order, then custom ones in file order.
     *
     * @throws IllegalArgumentException for a name that is neither
     */
    public List<Workload> select(List<String> names) {
        if (names == null) {
            return byId.isEmpty() ? Catalog.defaults() : byId.values().stream().map(FileWorkload::workload).toList();
        }
        List<String> builtIn = new ArrayList<>();
        Set<Workload> custom = new LinkedHashSet<>();
        for (String name : names) {
            List<Workload> match = byId.values().stream().map(FileWorkload::workload)
                    .filter(w -> w.id().equals(name) || w.category().equals(name)).toList();
            boolean inCatalog = Catalog.all().stream().anyMatch(w -> w.id().equals(name) || w.category().equals(name));
            if (match.isEmpty() && !inCatalog && !byId.isEmpty()) {
                throw new IllegalArgumentException("unknown workload or category '" + name + "'; valid are the built-in ones and "
                        + String.join(", ", byId.keySet()));
            }
            custom.addAll(match);
            if (inCatalog || match.isEmpty()) {
                builtIn.add(name);
            }
        }
        List<Workload> out = new ArrayList<>(builtIn.isEmpty() ? List.of() : Catalog.select(builtIn));
        for (FileWorkload w : byId.values()) {
            if (custom.contains(w.workload())) {
                out.add(w.workload());
            }
        }
        return out;
    }
}
