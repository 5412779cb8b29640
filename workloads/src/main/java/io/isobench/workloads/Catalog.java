package io.isobench.workloads;

import java.util.ArrayList;
import java.util.List;

/** TEMPORARY placeholder (foundation branch) so the harness compiles and runs; the workloads module replaces it. */
public final class Catalog {
    private static final List<Workload> ALL = List.of(
            new Workload("startup.noop", "static no-op binary", false, List.of(ImageLayout.NOOP), List.of(ImageLayout.NOOP)),
            new Workload("startup.jvm-hello", "JVM start and exit", false,
                    List.of(ImageLayout.JAVA, "-Xshare:auto", "-version"), List.of(ImageLayout.JAVA, "-version")),
            new Workload("io.dd-direct", "16 MiB O_DIRECT write with dd (placeholder)", true,
                    List.of("/bin/sh", "-c", "dd if=/dev/zero of=$ISOBENCH_SCRATCH/f bs=1M count=16 oflag=direct status=none"),
                    List.of("/bin/sh", "-c", "dd if=/dev/zero of=$ISOBENCH_SCRATCH/f bs=1M count=16 oflag=direct status=none")));

    private Catalog() {
    }

    public static List<Workload> all() {
        return ALL;
    }

    public static List<Workload> defaults() {
        return ALL;
    }

    public static List<Workload> select(List<String> idsOrCategories) {
        List<Workload> out = new ArrayList<>();
        for (String s : idsOrCategories) {
            List<Workload> match = ALL.stream().filter(w -> w.id().equals(s) || w.category().equals(s)).toList();
            if (match.isEmpty()) {
                throw new IllegalArgumentException("unknown workload or category " + s);
            }
            match.stream().filter(w -> !out.contains(w)).forEach(out::add);
        }
        return out;
    }
}
