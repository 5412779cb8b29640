package io.isobench.harness.density;

import io.isobench.workloads.Catalog;
import io.isobench.workloads.Workload;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * What density starts in each instance. By default the idle workloads: each prints the
 * workloads' ready line, then waits until killed, so what an instance costs is the runtime's
 * own cost; they are not part of the suite of {@code run} (a workload that never ends has no
 * place in a trial). Any suite workload can be chosen instead ({@link #resolve}): ready is its
 * ready line, as in a trial, and it may end by itself during the steady phase.
 *
 * @param command      argv relative to the image root, as the catalog's commands
 * @param needsScratch each instance gets a scratch directory of its own (the io workloads)
 */
public record DensityWorkload(String id, String description, List<String> command, boolean needsScratch) {
    /** Native helpers and the workloads jar in the image ({@code io.isobench.workloads.ImageLayout}). */
    private static final String HOME = "opt/isobench";

    /** Same flags as every Java workload (Catalog.JVM_FLAGS), but a small heap: idle needs none. */
    private static final List<String> JVM = List.of(HOME + "/jre/bin/java", "-XX:+UseSerialGC", "-Xms8m", "-Xmx64m",
            "-XX:-UsePerfData", "-Xlog:disable", "-Xlog:all=warning:stderr", "-XX:TieredStopAtLevel=1",
            "-jar", HOME + "/workloads.jar", "startup.idle-jvm");

    public static final Map<String, DensityWorkload> ALL = Map.of(
            "startup.idle", new DensityWorkload("startup.idle",
                    "static C program: ready line, then pause() — the runtime's own cost", List.of(HOME + "/bin/idle"), false),
            "startup.idle-jvm", new DensityWorkload("startup.idle-jvm",
                    "JVM (image JRE, workloads jar): ready line, then waits", JVM, false));

    public DensityWorkload {
        command = List.copyOf(new ArrayList<>(command));
    }

    /** The idle workload of this id, or null. */
    public static DensityWorkload byId(String id) {
        return ALL.get(id);
    }

    /**
     * An idle workload or any workload of the suite (its full, not quick, command).
     *
     * @throws IllegalArgumentException one sentence: unknown, or a net workload (density gives
     *                                  its instances no far end to talk to)
     */
    public static DensityWorkload resolve(String id) {
        DensityWorkload idle = byId(id);
        if (idle != null) {
            return idle;
        }
        Workload w = Catalog.byId(id);
        if (w == null) {
            throw new IllegalArgumentException("unknown density workload '" + id + "'; valid are " + new TreeSet<>(ALL.keySet())
                    + " and the suite's workloads (isobench run's --workloads ids)");
        }
        if (w.needsNetwork()) {
            throw new IllegalArgumentException("workload " + id + " needs a network link to a far end, which density does"
                    + " not give its instances");
        }
        return new DensityWorkload(w.id(), w.description(), w.command(io.isobench.workloads.Length.NORMAL), w.needsScratch());
    }
}
