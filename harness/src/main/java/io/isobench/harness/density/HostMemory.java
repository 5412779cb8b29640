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

    private static long kib(String line) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
    }
}
