package io.isobench.workloads;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The suite: every workload, in a stable order (by category, then cheapest first), with the
 * exact command each runtime executes inside the image. See docs/workloads.md.
 */
public final class Catalog {
    /**
     * JVM flags of every Java workload (and of JMH's forked measurement JVM, which inherits
     * them). Each pins something the JVM would otherwise choose from what it sees of the
     * machine, which differs between bare metal (24 GiB, all CPUs), a cgroup-limited
     * container and a small VM, so that only the runtime differs, not the JVM's setup:
     * <ul>
     *   <li>{@code -XX:+UseSerialGC}: the JVM picks G1 on a "server class" machine (2+ CPUs,
     *       ~2 GB) and Serial otherwise, so {@code --cpus 1} or a small VM would silently
     *       switch collectors; Serial also starts no GC threads.</li>
     *   <li>{@code -Xms64m -Xmx1g}: default heap sizes are fractions of visible RAM (6 GiB
     *       max on a 24 GiB host, 128 MiB under a 512 MiB limit). 1 GiB holds the largest
     *       workload (memory.triad, 384 MiB of arrays); it is reserved, not committed, so a
     *       small {@code --memory} still runs the workloads that need little.</li>
     *   <li>{@code -XX:-UsePerfData}: no {@code /tmp/hsperfdata_*} file, so the JVM writes
     *       nothing to the filesystem at start (whose kind differs per runtime) and a
     *       read-only {@code /tmp} costs no warning.</li>
     *   <li>{@code -Xlog:disable -Xlog:all=warning:stderr}: JVM warnings go to stderr, not
     *       stdout where the harness reads the protocol lines.</li>
     * </ul>
     * CDS stays at its default ({@code -Xshare:auto}): it is used when the image's JRE has
     * an archive, the same file in every runtime.
     */
    public static final List<String> JVM_FLAGS = List.of(
            "-XX:+UseSerialGC", "-Xms64m", "-Xmx1g", "-XX:-UsePerfData", "-Xlog:disable", "-Xlog:all=warning:stderr");

    private static final List<Workload> ALL = List.of(
            new Workload("startup.noop", "static no-op binary: pure runtime start cost", false,
                    List.of(ImageLayout.NOOP), List.of(ImageLayout.NOOP)),
            java("startup.jvm-hello", "JVM start to main() and exit (no JMH)", false),
            java("cpu.sha256", "single-threaded SHA-256 of a 1 MiB buffer, MB/s", false),
            java("cpu.matmul", "double matrix multiply 256x256 on every available CPU, GFLOP/s", false),
            java("memory.triad", "STREAM triad a=b+s*c over 3 arrays far beyond cache, GB/s", false),
            java("memory.random-access", "dependent random loads over a large array (TLB, page walks), ns/access", false),
            java("memory.page-faults", "first touch of freshly mapped anonymous memory, ns per 4 KiB page", false),
            java("io.seq-write", "sequential 1 MiB writes of a new file, fsync at the end, MB/s", true),
            java("io.rand-read", "random 4 KiB reads of a file, O_DIRECT when the filesystem allows, IOPS", true),
            java("syscall.rate", "FileChannel.size() = one fstat(2) per call, calls/s", false),
            net(java("net.tcp-stream", "bulk TCP send to the far end for a fixed time, Gbit/s", false)),
            net(java("net.tcp-rr", "1-byte TCP request/response on one connection, round trips/s and p50/p99 µs", false)),
            net(java("net.tcp-crr", "TCP connect, 1-byte request/response, close, connections/s", false)));

    private Catalog() {
    }

    private static Workload java(String id, String description, boolean needsScratch) {
        List<String> command = new ArrayList<>();
        command.add(ImageLayout.JAVA);
        command.addAll(JVM_FLAGS);
        command.addAll(List.of("-jar", ImageLayout.WORKLOADS_JAR, id));
        return new Workload(id, description, needsScratch, command, withFlag(command, Length.QUICK),
                withFlag(command, Length.THOROUGH), false);
    }

    private static List<String> withFlag(List<String> command, Length length) {
        List<String> with = new ArrayList<>(command);
        with.add(length.flag());
        return with;
    }

    private static Workload net(Workload w) {
        return new Workload(w.id(), w.description(), w.needsScratch(), w.command(Length.NORMAL), w.command(Length.QUICK),
                w.command(Length.THOROUGH), true);
    }

    /**
     * The far end's server, run once per run in the far end's namespace with the image's JRE
     * (paths relative to the image root, its working directory).
     */
    public static List<String> netServerCommand() {
        List<String> command = new ArrayList<>();
        command.add(ImageLayout.JAVA);
        command.addAll(JVM_FLAGS);
        command.addAll(List.of("-jar", ImageLayout.WORKLOADS_JAR, "net-server"));
        return command;
    }

    /** Every workload, in catalog order. */
    public static List<Workload> all() {
        return ALL;
    }

    /** What {@code isobench run} runs without {@code --workloads}: the whole suite. */
    public static List<Workload> defaults() {
        return ALL;
    }

    /** The workload with this exact id, or null. */
    public static Workload byId(String id) {
        return ALL.stream().filter(w -> w.id().equals(id)).findFirst().orElse(null);
    }

    /**
     * The workloads named by ids ({@code cpu.sha256}) and categories ({@code cpu}), each
     * once, in catalog order whatever the order asked.
     *
     * @throws IllegalArgumentException for an empty list or a name that is neither
     */
    public static List<Workload> select(List<String> idsOrCategories) {
        if (idsOrCategories.isEmpty()) {
            throw new IllegalArgumentException("no workloads selected; valid are " + validNames());
        }
        Set<Workload> chosen = new LinkedHashSet<>();
        for (String name : idsOrCategories) {
            List<Workload> match = ALL.stream().filter(w -> w.id().equals(name) || w.category().equals(name)).toList();
            if (match.isEmpty()) {
                throw new IllegalArgumentException("unknown workload or category '" + name + "'; valid are " + validNames());
            }
            chosen.addAll(match);
        }
        return ALL.stream().filter(chosen::contains).toList();
    }

    /** Categories, then ids, comma-separated. */
    static String validNames() {
        Set<String> names = new LinkedHashSet<>();
        ALL.forEach(w -> names.add(w.category()));
        ALL.forEach(w -> names.add(w.id()));
        return names.stream().collect(Collectors.joining(", "));
    }
}
