package io.isobench.harness.density;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Kernel same-page merging (/sys/kernel/mm/ksm): its state, recorded with the figures, and
 * for {@code density --ksm on} switched on for the measurement and put back exactly as it was.
 * With KSM running, identical pages of instances that were marked mergeable (the VMs' guest
 * RAM) merge and host memory per instance drops (Kata reports both).
 */
public final class Ksm {
    /** The host's KSM. */
    public static final Path SYSFS = Path.of("/sys/kernel/mm/ksm");
    /** While isobench measures, ksmd scans this many pages per wake-up (default 100: minutes per GiB). */
    static final String PAGES_TO_SCAN = "10000";
    static final String SLEEP_MILLISECS = "10";

    private final Path dir;

    public Ksm(Path dir) {
        this.dir = dir;
    }

    /** e.g. {@code run=0 pages_sharing=0 pages_shared=0}, or {@code not available}. */
    public static String state() {
        return new Ksm(SYSFS).describe();
    }

    public String describe() {
        if (!Files.isDirectory(dir)) {
            return "not available";
        }
        StringBuilder s = new StringBuilder();
        for (String name : new String[] {"run", "pages_sharing", "pages_shared"}) {
            s.append(s.length() == 0 ? "" : " ").append(name).append('=');
            try {
                s.append(read(name));
            } catch (IOException e) {
                s.append('?');
            }
        }
        return s.toString();
    }

    public String read(String name) throws IOException {
        return Files.readString(dir.resolve(name)).strip();
    }

    public long number(String name) throws IOException {
        try {
            return Long.parseLong(read(name));
        } catch (NumberFormatException e) {
            throw new IOException(dir.resolve(name) + " holds no number", e);
        }
    }

    /**
     * Switches KSM on (run = 1) and makes ksmd scan fast; the returned handle writes back
     * exactly the values found (run, pages_to_scan, sleep_millisecs), also when the
     * measurement failed. A value that cannot be written back is said on close, never lost silently.
     *
     * @throws IOException when KSM is missing or cannot be switched on (not root, no CONFIG_KSM)
     */
    public Switched switchOn() throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IOException("this kernel has no KSM (" + dir + " is missing)");
        }
        Map<String, String> saved = new LinkedHashMap<>();
        for (String name : new String[] {"run", "pages_to_scan", "sleep_millisecs"}) {
            saved.put(name, read(name));
        }
        Switched s = new Switched(saved);
        try {
            Files.writeString(dir.resolve("pages_to_scan"), PAGES_TO_SCAN);
            Files.writeString(dir.resolve("sleep_millisecs"), SLEEP_MILLISECS);
            Files.writeString(dir.resolve("run"), "1");
        } catch (IOException e) {
            s.close();
            throw new IOException("cannot switch KSM on (" + dir + "): " + e.getMessage(), e);
        }
        return s;
    }

    /** KSM as isobench switched it on; close() restores what was there. */
    public final class Switched implements AutoCloseable {
        private final Map<String, String> saved;

        private Switched(Map<String, String> saved) {
            this.saved = Map.copyOf(saved);
        }

        /** The run value found before (0 off, 1 on, 2 off and unmerged). */
        public String runBefore() {
            return saved.get("run");
        }

        /**
         * Waits until ksmd has done two full scans since this call and the second merged
         * (almost) nothing more than the first, or {@code boundSeconds} passed.
         *
         * @return seconds waited; negative when the bound ended the wait (still merging)
         */
        public double settle(double boundSeconds) throws IOException {
            long t0 = System.nanoTime();
            long deadline = t0 + (long) (boundSeconds * 1e9);
            long scans = number("full_scans");
            long lastSharing = -1;
            long lastScan = scans;
            while (System.nanoTime() < deadline) {
                long now = number("full_scans");
                if (now > lastScan) {
                    long sharing = number("pages_sharing");
                    // Settled: at least two full passes, and the last one added under 1 % (or 16 pages).
                    if (now - scans >= 2 && lastSharing >= 0 && sharing - lastSharing <= Math.max(16, lastSharing / 100)) {
                        return (System.nanoTime() - t0) / 1e9;
                    }
                    lastSharing = sharing;
                    lastScan = now;
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            return -(System.nanoTime() - t0) / 1e9;
        }

        /** Writes back the values found, run first (ksmd stops, or goes on, before its scan rate is put back). */
        @Override
        public void close() throws IOException {
            IOException first = null;
            for (String name : new String[] {"run", "pages_to_scan", "sleep_millisecs"}) {
                try {
                    if (!read(name).equals(saved.get(name))) {
                        Files.writeString(dir.resolve(name), saved.get(name));
                    }
                } catch (IOException e) {
                    first = first != null ? first : new IOException("cannot restore " + dir.resolve(name) + " to "
                            + saved.get(name) + ": " + e.getMessage(), e);
                }
            }
            if (first != null) {
                throw first;
            }
        }
    }
}
