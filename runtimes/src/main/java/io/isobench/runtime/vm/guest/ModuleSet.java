package io.isobench.runtime.vm.guest;

import io.isobench.runtime.RuntimeFailure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Which modules guest-init must load, in an order where every module comes after the
 * modules it depends on. Nothing is hand-listed except the drivers we want: their
 * dependencies come from the kernel itself — its {@code modules.dep} when the modules
 * directory has one (an installed kernel), otherwise the {@code depends=} line that modpost
 * wrote into each module's {@code .modinfo} (an unpacked package: Debian runs depmod only on
 * install). Drivers the kernel has built in ({@code modules.builtin}) are skipped.
 */
public final class ModuleSet {
    private final String release;
    private final Map<String, Path> files;
    private final Set<String> builtIn;
    private final Map<String, List<String>> dependsFromDepFile;

    private ModuleSet(String release, Map<String, Path> files, Set<String> builtIn,
                      Map<String, List<String>> dependsFromDepFile) {
        this.release = release;
        this.files = files;
        this.builtIn = builtIn;
        this.dependsFromDepFile = dependsFromDepFile;
    }

    /**
     * The modules of {@code kernel} needed for {@code drivers}, dependencies first. Empty when
     * the kernel has no modules directory (then the drivers must be built in).
     *
     * @throws RuntimeFailure when a driver is neither a module nor built in, or the
     *                        dependency data is unreadable
     */
    public static List<KernelModule> resolve(GuestKernel kernel, List<String> drivers) throws RuntimeFailure {
        if (kernel.modules().isEmpty()) {
            return List.of();
        }
        return of(kernel.release(), kernel.modules().get()).loadOrder(drivers);
    }

    static ModuleSet of(String release, Path dir) throws RuntimeFailure {
        try {
            Map<String, Path> files = new TreeMap<>();
            try (Stream<Path> walk = Files.walk(dir)) {
                for (Path p : (Iterable<Path>) walk.filter(Files::isRegularFile).sorted()::iterator) {
                    String name = KernelModule.nameOf(p.getFileName().toString());
                    if (name != null) {
                        files.putIfAbsent(name, p);
                    }
                }
            }
            Set<String> builtIn = new HashSet<>();
            Path builtinFile = dir.resolve("modules.builtin");
            if (Files.isRegularFile(builtinFile)) {
                for (String line : Files.readAllLines(builtinFile)) {
                    String name = KernelModule.nameOf(Path.of(line.strip()).getFileName().toString());
                    if (name != null) {
                        builtIn.add(name);
                    }
                }
            }
            Map<String, List<String>> deps = null;
            Path depFile = dir.resolve("modules.dep");
            if (Files.isRegularFile(depFile)) {
                deps = parseModulesDep(Files.readAllLines(depFile));
            }
            return new ModuleSet(release, files, builtIn, deps);
        } catch (IOException e) {
            throw new RuntimeFailure("cannot read the modules of kernel " + release + " in " + dir + ": "
                    + e.getMessage(), e);
        }
    }

    /**
     * modules.dep lines: {@code kernel/drivers/block/virtio_blk.ko: kernel/drivers/virtio/virtio.ko ...};
     * returns module name to the names it depends on.
     */
    static Map<String, List<String>> parseModulesDep(List<String> lines) {
        Map<String, List<String>> deps = new HashMap<>();
        for (String line : lines) {
            int colon = line.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String name = KernelModule.nameOf(Path.of(line.substring(0, colon).strip()).getFileName().toString());
            List<String> on = new ArrayList<>();
            for (String dep : line.substring(colon + 1).trim().split("\\s+")) {
                if (!dep.isEmpty()) {
                    on.add(KernelModule.nameOf(Path.of(dep).getFileName().toString()));
                }
            }
            deps.put(name, on);
        }
        return deps;
    }

    /** Depth-first, dependencies before dependants; each module once. */
    List<KernelModule> loadOrder(List<String> drivers) throws RuntimeFailure {
        Map<String, KernelModule> order = new LinkedHashMap<>();
        for (String driver : drivers) {
            visit(driver.replace('-', '_'), order, new ArrayList<>());
        }
        return List.copyOf(order.values());
    }

    private void visit(String name, Map<String, KernelModule> order, List<String> path) throws RuntimeFailure {
        if (order.containsKey(name) || builtIn.contains(name)) {
            return;
        }
        if (path.contains(name)) {
            throw new RuntimeFailure("the modules of kernel " + release + " depend on each other in a cycle: "
                    + String.join(" -> ", path) + " -> " + name + ".");
        }
        Path file = files.get(name);
        if (file == null) {
            throw new RuntimeFailure("kernel " + release + " has neither a module nor a built-in driver named "
                    + name + (path.isEmpty() ? "" : " (needed by " + path.get(path.size() - 1) + ")") + ".");
        }
        path.add(name);
        for (String dep : dependencies(name, file)) {
            visit(dep, order, path);
        }
        path.remove(path.size() - 1);
        order.put(name, new KernelModule(name, file));
    }

    private List<String> dependencies(String name, Path file) throws RuntimeFailure {
        if (dependsFromDepFile != null) {
            return dependsFromDepFile.getOrDefault(name, List.of());
        }
        try {
            List<String> deps = new ArrayList<>();
            for (String value : ModInfo.values(new KernelModule(name, file).elf(), "depends")) {
                for (String dep : value.split(",")) {
                    if (!dep.isBlank()) {
                        deps.add(dep.strip().replace('-', '_'));
                    }
                }
            }
            return deps;
        } catch (IOException | IllegalArgumentException e) {
            throw new RuntimeFailure("cannot read the dependencies of module " + file + ": " + e.getMessage(), e);
        }
    }
}
