package io.isobench.harness.density;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The host's memory in use, as density counts it: MemTotal - MemAvailable from
 * /proc/meminfo. MemAvailable (not MemFree) so page cache the kernel would give back at once
 * does not count, while kernel objects (slab, page tables, namespaces) do.
 */
public final class HostMemory {
    private final Path meminfo;

    public HostMemory(Path meminfo) {
        this.meminfo = meminfo;
    }

    public HostMemory() {
        this(Path.of("/proc/meminfo"));
    }

    /** Bytes in use now. */
    public long usedBytes() throws IOException {
        long total = -1;
        long available = -1;
        for (String line : Files.readAllLines(meminfo)) {
            if (line.startsWith("MemTotal:")) {
                total = kib(line);
            } else if (line.startsWith("MemAvailable:")) {
                available = kib(line);
            }
        }
        if (total < 0 || available < 0) {
            throw new IOException(meminfo + " has no MemTotal/MemAvailable line");
        }
        return (total - available) * 1024;
    }

    /** The /proc/meminfo lines that tell where kernel-side memory of an instance goes. */
    public static final java.util.List<String> BREAKDOWN = java.util.List.of(
            "AnonPages", "Shmem", "Slab", "SUnreclaim", "KernelStack", "PageTables", "Percpu");

    /** {@link #BREAKDOWN} fields now, in bytes. */
    public java.util.Map<String, Long> breakdown() throws IOException {
        java.util.Map<String, Long> out = new java.util.LinkedHashMap<>();
        for (String line : Files.readAllLines(meminfo)) {
            int colon = line.indexOf(':');
            if (colon > 0 && BREAKDOWN.contains(line.substring(0, colon))) {
                out.put(line.substring(0, colon), kib(line) * 1024);
            }
        }
        return out;
    }

    private static long kib(String line) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
    }
}
