package io.isobench.harness.workload;

import io.isobench.workloads.Workload;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * {@code isobench run --rootfs SOURCE [--name ID] -- CMD [ARG...]}: one command measured
 * like hyperfine would, but in every runtime and with the harness's own figures (timeline,
 * CPU, memory peak, block I/O) and any protocol lines it prints. It gets a scratch
 * directory ({@code $ISOBENCH_SCRATCH}) like the io workloads.
 */
public final class AdHocWorkload {
    private AdHocWorkload() {
    }

    /**
     * @param name the id to record, or null for {@code adhoc.<program name>}
     * @throws IllegalArgumentException for a bad id or rootfs spec
     */
    public static FileWorkload of(String rootfs, String name, List<String> command, Path workingDir) {
        if (command == null || command.isEmpty()) {
            throw new IllegalArgumentException("--rootfs needs a command after '--' (e.g. --rootfs dir:ROOT -- /bin/sh -c 'true')");
        }
        String id = name != null ? name : "adhoc." + slug(command.get(0));
        if (!id.matches("[a-z]+\\.[a-z0-9-]+")) {
            throw new IllegalArgumentException("--name '" + id + "' is not category.name (lower case letters, digits, '-')");
        }
        RootfsSource source = RootfsSource.parse(rootfs, workingDir);
        Workload w = new Workload(id, String.join(" ", command), true, command, command);
        return new FileWorkload(w, source, null, null, null, null, null, null);
    }

    /** {@code /usr/bin/Redis_Server} → {@code redis-server}. */
    static String slug(String program) {
        String base = program.substring(program.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
        String s = base.replaceAll("[^a-z0-9-]+", "-").replaceAll("^-+|-+$", "");
        return s.isEmpty() ? "command" : s;
    }
}
