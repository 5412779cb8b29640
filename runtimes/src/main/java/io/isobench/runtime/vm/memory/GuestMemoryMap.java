package io.isobench.runtime.vm.memory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a running monitor holds guest RAM: its pid and the host address ranges of the
 * mappings. The monitor writes it once the VM exists; whoever measures the instance from
 * outside (isobench density) splits the monitor's smaps into guest memory and the monitor's
 * own memory with it, while the VM runs. Text, one number per field:
 * {@code pid PID} then {@code range START SIZE} (decimal) per mapping.
 *
 * @param pid the monitor process
 */
public record GuestMemoryMap(long pid, List<Range> ranges) {
    /** The file's name in the monitor's work directory (next to its report). */
    public static final String FILE = "guest-memory";

    /** One host mapping: {@code [start, start + size)}. */
    public record Range(long start, long size) {
        public boolean contains(long address) {
            return address >= start && address - start < size;
        }
    }

    public GuestMemoryMap {
        ranges = List.copyOf(ranges);
    }

    /** Guest RAM in bytes: the sum of the ranges. */
    public long bytes() {
        return ranges.stream().mapToLong(Range::size).sum();
    }

    /** Written whole or not at all (a reader never sees half a file). */
    public void write(Path file) throws IOException {
        StringBuilder b = new StringBuilder("pid ").append(pid).append('\n');
        for (Range r : ranges) {
            b.append("range ").append(Long.toUnsignedString(r.start())).append(' ').append(r.size()).append('\n');
        }
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, b, StandardCharsets.US_ASCII);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** @throws IOException when the file is missing or not in this form */
    public static GuestMemoryMap read(Path file) throws IOException {
        long pid = -1;
        List<Range> ranges = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.US_ASCII)) {
            String[] f = line.strip().split(" ");
            try {
                if (f[0].equals("pid") && f.length == 2) {
                    pid = Long.parseLong(f[1]);
                } else if (f[0].equals("range") && f.length == 3) {
                    ranges.add(new Range(Long.parseUnsignedLong(f[1]), Long.parseLong(f[2])));
                } else if (!line.isBlank()) {
                    throw new IOException(file + ": unexpected line '" + line + "'");
                }
            } catch (NumberFormatException e) {
                throw new IOException(file + ": bad number in '" + line + "'", e);
            }
        }
        if (pid < 0 || ranges.isEmpty()) {
            throw new IOException(file + " names no monitor pid or no range");
        }
        return new GuestMemoryMap(pid, ranges);
    }
}
