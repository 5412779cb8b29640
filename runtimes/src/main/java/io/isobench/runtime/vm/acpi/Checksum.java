package io.isobench.runtime.vm.acpi;

/**
 * The ACPI checksum rule (ACPI 6.5, 5.2.5.3 and 5.2.6): all bytes of the structure,
 * checksum included, add up to zero modulo 256.
 */
public final class Checksum {
    private Checksum() {
    }

    /** Sum of {@code bytes[from, to)} modulo 256. */
    public static int sum(byte[] bytes, int from, int to) {
        int s = 0;
        for (int i = from; i < to; i++) {
            s += bytes[i];
        }
        return s & 0xFF;
    }

    public static int sum(byte[] bytes) {
        return sum(bytes, 0, bytes.length);
    }

    /**
     * The checksum byte for {@code bytes}, assuming its checksum position currently holds
     * zero: the value that brings the total to zero.
     */
    public static byte compute(byte[] bytes) {
        return (byte) (-sum(bytes));
    }

    /** Sets {@code bytes[offset]} so that {@code bytes[from, to)} sums to zero. */
    static void fix(byte[] bytes, int offset, int from, int to) {
        bytes[offset] = 0;
        bytes[offset] = (byte) -sum(bytes, from, to);
    }
}
