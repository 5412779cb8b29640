package io.isobench.runtime.vm.acpi;

import java.io.ByteArrayOutputStream;

/**
 * AML PkgLength (ACPI 6.5, 20.2.4 "Package Length Encoding").
 *
 * <p>The encoded value counts the PkgLength bytes themselves plus everything that follows
 * up to the end of the package. Bits 7-6 of the lead byte say how many bytes follow (0-3).
 * With no follow bytes, bits 5-0 hold the value (0..63). Otherwise bits 3-0 of the lead byte
 * hold the least significant nibble, bits 5-4 must be zero, and each following byte adds
 * the next 8 bits. So the ranges are 1 byte: 0..0x3F, 2 bytes: 0..0xFFF, 3 bytes:
 * 0..0xFFFFF, 4 bytes: 0..0xFFFFFFF. We always use the shortest form, as iasl does.
 */
public final class PkgLength {
    /** Largest value a 4-byte PkgLength can hold (28 bits). */
    public static final int MAX = 0x0FFF_FFFF;

    private PkgLength() {
    }

    /** Encodes {@code value} (which already includes the PkgLength bytes) in the shortest form. */
    public static byte[] encode(int value) {
        if (value < 0 || value > MAX) {
            throw new IllegalArgumentException("PkgLength out of range 0.." + MAX + ": " + value);
        }
        if (value <= 0x3F) {
            return new byte[] {(byte) value};
        }
        int follow = value <= 0xFFF ? 1 : value <= 0xF_FFFF ? 2 : 3;
        byte[] out = new byte[1 + follow];
        out[0] = (byte) ((follow << 6) | (value & 0x0F));
        for (int i = 0; i < follow; i++) {
            out[1 + i] = (byte) (value >>> (4 + 8 * i));
        }
        return out;
    }

    /**
     * How many PkgLength bytes a package whose body (everything after the PkgLength) is
     * {@code bodyLength} bytes long needs. The encoded value includes these bytes, so a
     * body of 63 no longer fits one byte (63 + 1 = 64 > 63).
     */
    public static int sizeFor(int bodyLength) {
        for (int n = 1; n <= 4; n++) {
            long total = (long) bodyLength + n;
            long limit = n == 1 ? 0x3F : (1L << (4 + 8 * (n - 1))) - 1;
            if (total <= limit) {
                return n;
            }
        }
        throw new IllegalArgumentException("AML package body too long: " + bodyLength + " bytes");
    }

    /** Writes PkgLength followed by {@code body}. */
    static void writeWithBody(ByteArrayOutputStream out, byte[] body) {
        int n = sizeFor(body.length);
        out.writeBytes(encode(body.length + n));
        out.writeBytes(body);
    }
}
