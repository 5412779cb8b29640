package io.isobench.runtime.vm.acpi;

import java.io.ByteArrayOutputStream;
import java.util.regex.Pattern;

/**
 * A compressed EISA id such as {@code EISAID("PNP0501")} (ACPI 6.5, 19.6.35 EISAID and 6.1.5
 * _HID): three upper-case letters, each stored as (letter - 0x40) in 5 bits, followed by
 * four hex digits. Byte 0 = c1 << 2 | c2 >> 3, byte 1 = (c2 & 7) << 5 | c3, bytes 2-3 =
 * the hex digits in order. The four bytes are emitted as a DWord integer, which is what
 * iasl produces, so "PNP0501" becomes 0C 41 D0 05 01.
 */
public record EisaId(String id) implements Aml {
    private static final Pattern FORMAT = Pattern.compile("[A-Z]{3}[0-9A-F]{4}");

    public EisaId {
        if (!FORMAT.matcher(id).matches()) {
            throw new IllegalArgumentException("an EISA id is 3 letters A-Z and 4 hex digits, got \"" + id + "\"");
        }
    }

    /** The 32-bit value as the guest reads it (little-endian of the four bytes above). */
    public long value() {
        int c1 = id.charAt(0) - 0x40;
        int c2 = id.charAt(1) - 0x40;
        int c3 = id.charAt(2) - 0x40;
        int b0 = (c1 << 2) | (c2 >> 3);
        int b1 = ((c2 & 0x7) << 5) | c3;
        int b2 = Integer.parseInt(id.substring(3, 5), 16);
        int b3 = Integer.parseInt(id.substring(5, 7), 16);
        return (b0 & 0xFFL) | (b1 & 0xFFL) << 8 | (b2 & 0xFFL) << 16 | (b3 & 0xFFL) << 24;
    }

    @Override
    public void encodeTo(ByteArrayOutputStream out) {
        // Always a DWord, even if the value were small: that is how iasl encodes EISAID,
        // and it keeps the _HID type obvious in a hex dump.
        out.write(AmlInteger.DWORD_PREFIX);
        Le.u32(out, value());
    }
}
