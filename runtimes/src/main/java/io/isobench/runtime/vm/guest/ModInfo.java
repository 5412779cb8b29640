package io.isobench.runtime.vm.guest;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the {@code .modinfo} section of a kernel module (an ELF64 relocatable object):
 * NUL-separated {@code key=value} strings written by modpost. Its {@code depends=} line is
 * the module's dependency list — the same data depmod writes into modules.dep — and is used
 * when a kernel package ships no modules.dep (Debian generates it only when the package is
 * installed).
 */
final class ModInfo {
    private ModInfo() {
    }

    /** Every value of {@code key} in the module's .modinfo, in order. */
    static List<String> values(byte[] ko, String key) {
        ByteBuffer b = ByteBuffer.wrap(ko).order(ByteOrder.LITTLE_ENDIAN);
        if (ko.length < 64 || !KernelFile.isElf(ko) || ko[4] != 2 /* ELFCLASS64 */ || ko[5] != 1 /* little-endian */) {
            throw new IllegalArgumentException("not a little-endian ELF64 kernel module");
        }
        long shoff = b.getLong(0x28);
        int shentsize = Short.toUnsignedInt(b.getShort(0x3A));
        int shnum = Short.toUnsignedInt(b.getShort(0x3C));
        int shstrndx = Short.toUnsignedInt(b.getShort(0x3E));
        if (shentsize < 0x40 || shstrndx >= shnum || shoff < 0 || shoff > ko.length
                || (long) shnum * shentsize > ko.length - shoff) {
            throw new IllegalArgumentException("the module's ELF section table is out of bounds");
        }
        long[] strtab = section(b, shoff + (long) shstrndx * shentsize, ko.length);
        String prefix = key + "=";
        List<String> values = new ArrayList<>();
        for (int i = 0; i < shnum; i++) {
            long header = shoff + (long) i * shentsize;
            long nameOffset = strtab[0] + Integer.toUnsignedLong(b.getInt((int) header));
            if (!".modinfo".equals(cString(ko, nameOffset, strtab[0] + strtab[1]))) {
                continue;
            }
            long[] modinfo = section(b, header, ko.length);
            int start = (int) modinfo[0];
            int end = (int) (modinfo[0] + modinfo[1]);
            int at = start;
            while (at < end) {
                int nul = at;
                while (nul < end && ko[nul] != 0) {
                    nul++;
                }
                String entry = new String(ko, at, nul - at, StandardCharsets.UTF_8);
                if (entry.startsWith(prefix)) {
                    values.add(entry.substring(prefix.length()));
                }
                at = nul + 1;
            }
        }
        return values;
    }

    /** {offset, size} of the section whose header is at {@code header}, checked against the file. */
    private static long[] section(ByteBuffer b, long header, int fileLength) {
        long offset = b.getLong((int) header + 0x18);
        long size = b.getLong((int) header + 0x20);
        if (offset < 0 || size < 0 || offset > fileLength || size > fileLength - offset) {
            throw new IllegalArgumentException("a section of the module lies outside the file");
        }
        return new long[]{offset, size};
    }

    private static String cString(byte[] b, long from, long limit) {
        if (from < 0 || from >= limit) {
            return ""; // a name outside the string table names nothing
        }
        int end = (int) from;
        while (end < limit && b[end] != 0) {
            end++;
        }
        return new String(b, (int) from, end - (int) from, StandardCharsets.US_ASCII);
    }
}
