package io.isobench.runtime.vm.guest;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The guest kernel's text symbols from its System.map, to name the function a hung vCPU was
 * in. Only meaningful when the guest ran without KASLR (the map holds link-time addresses);
 * the caller decides that.
 */
public final class KernelSymbols {
    /** Farther than this past a symbol, an address is not "in" it (padding, data, another image). */
    private static final long MAX_OFFSET = 1 << 16;

    private final long[] addresses;
    private final String[] names;

    private KernelSymbols(long[] addresses, String[] names) {
        this.addresses = addresses;
        this.names = names;
    }

    /**
     * The System.map that Debian's package puts beside {@code vmlinuz-RELEASE}
     * ({@code System.map-RELEASE}), if there is one and it reads.
     */
    public static Optional<KernelSymbols> beside(Path kernel) {
        String name = kernel.getFileName().toString();
        if (!name.startsWith("vmlinuz-") && !name.startsWith("vmlinux-")) {
            return Optional.empty();
        }
        Path map = kernel.resolveSibling("System.map-" + name.substring("vmlinuz-".length()));
        try {
            return Files.isRegularFile(map) ? Optional.of(read(map)) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Parses {@code ADDRESS TYPE NAME} lines, keeping text symbols (T, t, W, w). */
    static KernelSymbols read(Path map) throws IOException {
        record Sym(long address, String name) {
        }
        List<Sym> syms = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(map, StandardCharsets.US_ASCII)) {
            for (String line; (line = r.readLine()) != null; ) {
                String[] f = line.split(" ", 3);
                if (f.length == 3 && f[1].length() == 1 && "TtWw".contains(f[1])) {
                    syms.add(new Sym(Long.parseUnsignedLong(f[0], 16), f[2]));
                }
            }
        }
        syms.sort((a, b) -> Long.compareUnsigned(a.address(), b.address()));
        return new KernelSymbols(syms.stream().mapToLong(Sym::address).toArray(),
                syms.stream().map(Sym::name).toArray(String[]::new));
    }

    /** {@code name+0xOFFSET} for a text address, or null when no symbol covers it. */
    public String name(long address) {
        // Kernel addresses are "negative" as signed longs; compare them unsigned.
        int lo = 0, hi = addresses.length - 1, best = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (Long.compareUnsigned(addresses[mid], address) <= 0) {
                best = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        if (best < 0 || address - addresses[best] >= MAX_OFFSET) {
            return null;
        }
        return String.format("%s+0x%x", names[best], address - addresses[best]);
    }

    int size() {
        return addresses.length;
    }
}
