package io.isobench.harness.density;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The idle workloads density starts: each prints the workloads' ready line, then waits until
 * killed, so what an instance costs is the runtime's own cost. Not part of the suite of
 * {@code run} (a workload that never ends has no place in a trial).
 *
 * @param command argv relative to the image root, as the catalog's commands
 */
public record DensityWorkload(String id, String description, List<String> command) {
    /** Native helpers and the workloads jar in the image ({@code io.isobench.workloads.ImageLayout}). */
    private static final String HOME = "opt/isobench";

    /** Same flags as every Java workload (Catalog.JVM_FLAGS), but a small heap: idle needs none. */
    private static final List<String> JVM = List.of(HOME + "/jre/bin/java", "-XX:+UseSerialGC", "-Xms8m", "-Xmx64m",
            "-XX:-UsePerfData", "-Xlog:disable", "-Xlog:all=warning:stderr", "-XX:TieredStopAtLevel=1",
            "-jar", HOME + "/workloads.jar", "startup.idle-jvm");

    public static final Map<String, DensityWorkload> ALL = Map.of(
            "startup.idle", new DensityWorkload("startup.idle",
                    "static C program: ready line, then pause() — the runtime's own cost", List.of(HOME + "/bin/idle")),
            "startup.idle-jvm", new DensityWorkload("startup.idle-jvm",
                    "JVM (image JRE, workloads jar): ready line, then waits", JVM));

    public DensityWorkload {
        command = List.copyOf(new ArrayList<>(command));
    }

    /** The workload of this id, or null. */
    public static DensityWorkload byId(String id) {
        return ALL.get(id);
    }
}
