package io.isobench.runtime.vm.acpi;

import java.io.ByteArrayOutputStream;

/** Little-endian appends to a byte stream: ACPI is little-endian throughout (ACPI 6.5, 5.2). */
final class Le {
    private Le() {
    }

    static void u8(ByteArrayOutputStream out, int value) {
        out.write(value & 0xFF);
    }

    static void u16(ByteArrayOutputStream out, int value) {
        out.write(value & 0xFF);
        out.write((value >>> 8) & 0xFF);
    }

    static void u32(ByteArrayOutputStream out, long value) {
        for (int i = 0; i < 4; i++) {
            out.write((int) (value >>> (8 * i)) & 0xFF);
        }
    }

    static void u64(ByteArrayOutputStream out, long value) {
        for (int i = 0; i < 8; i++) {
            out.write((int) (value >>> (8 * i)) & 0xFF);
        }
    }
}
