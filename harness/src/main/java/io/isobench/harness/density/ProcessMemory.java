package io.isobench.harness.density;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;

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

    private static long kib(String line) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
    }
}
