package io.isobench.runtime.vm.acpi;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * Extended System Description Table (ACPI 6.5, 5.2.8): the header followed by 64-bit
 * physical addresses of the other tables (not the DSDT, which only the FADT points to).
 */
public record Xsdt(List<Long> entries) {
    public static final SdtHeader HEADER = new SdtHeader("XSDT", 1, "ISOBXSDT");

    public Xsdt {
        entries = List.copyOf(entries);
    }

    public int length() {
        return SdtHeader.LENGTH + 8 * entries.size();
    }

    public byte[] toBytes() {
        ByteBuffer b = HEADER.start(length());
        for (long e : entries) {
            b.putLong(e);
        }
        return SdtHeader.seal(b);
    }
}
