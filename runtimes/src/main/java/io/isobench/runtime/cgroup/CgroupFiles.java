package io.isobench.runtime.cgroup;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reading, parsing and writing cgroup interface files. The parsers take the file's text,
 * so they are tested against fixtures of formats this machine cannot produce (v2 memory
 * and io files when every controller is bound to v1).
 */
final class CgroupFiles {
    private CgroupFiles() {
    }

    static void write(Path file, String value) throws IOException {
        try {
            Files.write(file, value.getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new IOException("cannot write '" + value.strip() + "' to " + file + ": " + reason(e), e);
        }
    }

    static String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.US_ASCII);
    }

    /** The file's single number, {@code max} being {@link Long#MAX_VALUE}; -1 when the file does not exist. */
    static long readLong(Path file) throws IOException {
        try {
            return parseLong(read(file));
        } catch (NoSuchFileException e) {
            return -1;
        }
    }

    static long parseLong(String text) {
        String t = text.strip();
        return t.equals("max") ? Long.MAX_VALUE : Long.parseLong(t);
    }

    /** Parses "key value" lines (cpu.stat, memory.events, memory.oom_control, cpuacct.stat). */
    static Map<String, Long> parseKeyed(String text) {
        Map<String, Long> values = new HashMap<>();
        for (String line : text.split("\n")) {
            String[] f = line.strip().split("\\s+");
            if (f.length == 2) {
                try {
                    values.put(f[0], Long.parseLong(f[1]));
                } catch (NumberFormatException ignored) {
                    // not a number: not a counter
                }
            }
        }
        return values;
    }

    /** Keyed values of a file, empty when it does not exist. */
    static Map<String, Long> readKeyed(Path file) throws IOException {
        try {
            return parseKeyed(read(file));
        } catch (NoSuchFileException e) {
            return Map.of();
        }
    }

    /**
     * Sums v2 {@code io.stat}: lines {@code MAJ:MIN rbytes=.. wbytes=.. rios=.. ...}.
     *
     * @return {read bytes, written bytes}
     */
    static long[] parseIoStat(String text) {
        long read = 0;
        long written = 0;
        for (String line : text.split("\n")) {
            for (String field : line.strip().split("\\s+")) {
                if (field.startsWith("rbytes=")) {
                    read += Long.parseLong(field.substring(7));
                } else if (field.startsWith("wbytes=")) {
                    written += Long.parseLong(field.substring(7));
                }
            }
        }
        return new long[]{read, written};
    }

    /**
     * Sums v1 {@code blkio.*io_service_bytes*}: lines {@code MAJ:MIN Read|Write|Sync|Async|Discard|Total N}
     * and a final {@code Total N}.
     *
     * @return {read bytes, written bytes}
     */
    static long[] parseBlkioServiceBytes(String text) {
        long read = 0;
        long written = 0;
        for (String line : text.split("\n")) {
            String[] f = line.strip().split("\\s+");
            if (f.length == 3) {
                if (f[1].equals("Read")) {
                    read += Long.parseLong(f[2]);
                } else if (f[1].equals("Write")) {
                    written += Long.parseLong(f[2]);
                }
            }
        }
        return new long[]{read, written};
    }

    /** The pids listed in a {@code cgroup.procs} or {@code tasks} file; empty when it is gone. */
    static List<Long> readPids(Path procs) {
        List<Long> pids = new ArrayList<>();
        try {
            for (String line : read(procs).split("\n")) {
                if (!line.isBlank()) {
                    pids.add(Long.parseLong(line.strip()));
                }
            }
        } catch (IOException e) {
            // The cgroup is gone: nothing in it.
        }
        return pids;
    }

    /** The errno text of an I/O exception without the Java decoration ("Device or resource busy"). */
    static String reason(IOException e) {
        String m = e.getMessage();
        if (m == null) {
            return e.getClass().getSimpleName();
        }
        int colon = m.lastIndexOf(": ");
        return colon >= 0 ? m.substring(colon + 2) : m;
    }
}
