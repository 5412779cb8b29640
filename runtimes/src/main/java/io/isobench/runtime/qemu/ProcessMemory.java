package io.isobench.runtime.qemu;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * QEMU's memory split as our monitor's report splits its own: the process's resident memory,
 * and of it the guest RAM mapping's (the guest memory the host really backed). QEMU's guest RAM
 * is one anonymous mapping of the guest's size (below 4 GiB of guest RAM; above, microvm and
 * q35 split the address space but not the host mapping), so it is the largest mapping at least
 * that large. Read from /proc/PID/smaps; what the kernel says, not an estimate.
 *
 * @param rssBytes   the process's resident memory
 * @param guestBytes resident memory of the guest RAM mapping
 */
record ProcessMemory(long rssBytes, long guestBytes) {
    private static final java.util.regex.Pattern HEADER = java.util.regex.Pattern.compile("([0-9a-f]+)-([0-9a-f]+) ");

    long overheadBytes() {
        return Math.max(0, rssBytes - guestBytes);
    }

    static ProcessMemory read(long pid, long guestRamBytes) throws IOException {
        return parse(Files.readAllLines(Path.of("/proc", String.valueOf(pid), "smaps")), guestRamBytes);
    }

    /** smaps text: mapping header lines ({@code start-end perms ...}) each followed by {@code Key: N kB} lines. */
    static ProcessMemory parse(List<String> smaps, long guestRamBytes) {
        long rss = 0;
        long guest = 0;
        long largest = -1;
        long size = 0;
        for (String line : smaps) {
            java.util.regex.Matcher m = HEADER.matcher(line);
            if (m.lookingAt()) {
                size = Long.parseUnsignedLong(m.group(2), 16) - Long.parseUnsignedLong(m.group(1), 16);
            } else if (line.startsWith("Rss:")) {
                long kb = Long.parseLong(line.substring(4).replace("kB", "").strip());
                rss += kb << 10;
                if (size >= guestRamBytes && size > largest) {
                    largest = size;
                    guest = kb << 10;
                }
            }
        }
        return new ProcessMemory(rss, guest);
    }
}
