package io.isobench.harness.density;

import io.isobench.runtime.vm.memory.GuestMemoryMap;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;

/**
 * PSS and RSS of a set of processes from {@code /proc/PID/smaps_rollup}. PSS splits every
 * shared page among its users, so with N instances it shows what one really adds (shared
 * text, JVM class data counted once in total); RSS counts shared pages in full for each.
 */
public final class ProcessMemory {

    /** PSS and RSS summed over processes, in bytes. */
    public record Sizes(long pssBytes, long rssBytes) {
    }

    private ProcessMemory() {
    }

    /** Sums over {@code pids}; a process that ended meanwhile counts 0. */
    public static Sizes of(Collection<Long> pids) {
        long pss = 0;
        long rss = 0;
        for (long pid : pids) {
            try {
                for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "smaps_rollup"))) {
                    if (line.startsWith("Pss:")) {
                        pss += kib(line) * 1024;
                    } else if (line.startsWith("Rss:")) {
                        rss += kib(line) * 1024;
                    }
                }
            } catch (IOException | RuntimeException gone) {
                // ended between listing and reading: it holds no memory any more
            }
        }
        return new Sizes(pss, rss);
    }

    /**
     * PSS and RSS of the mappings of {@code pid} that start inside one of {@code ranges} (the
     * guest RAM a VM monitor named), from /proc/PID/smaps; zero when the process is gone.
     */
    public static Sizes inside(long pid, List<GuestMemoryMap.Range> ranges) {
        long pss = 0;
        long rss = 0;
        boolean in = false;
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "smaps"))) {
                int dash = line.indexOf('-');
                int space = line.indexOf(' ');
                if (dash > 0 && space > dash && line.substring(0, dash).chars().allMatch(ProcessMemory::hex)) {
                    long start = Long.parseUnsignedLong(line.substring(0, dash), 16);
                    in = ranges.stream().anyMatch(r -> r.contains(start));
                } else if (in && line.startsWith("Pss:")) {
                    pss += kib(line) * 1024;
                } else if (in && line.startsWith("Rss:")) {
                    rss += kib(line) * 1024;
                }
            }
        } catch (IOException | RuntimeException gone) {
            return new Sizes(0, 0);
        }
        return new Sizes(pss, rss);
    }

    private static boolean hex(int c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
    }

    private static long kib(String line) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
    }
}
