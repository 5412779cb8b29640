package io.isobench.runtime.vm.acpi;

import java.nio.ByteBuffer;

/**
 * Differentiated System Description Table (ACPI 6.5, 5.2.11.1): the header followed by an
 * AML definition block. Revision 2 makes AML integers 64 bits wide (revision 1 would
 * truncate them to 32 bits, 5.2.11.1).
 */
public record Dsdt(byte[] aml) {
    public static final SdtHeader HEADER = new SdtHeader("DSDT", 2, "ISOBDSDT");

    public Dsdt {
        aml = aml.clone();
    }

    @Override
    public byte[] aml() {
        return aml.clone();
    }

    public int length() {
        return SdtHeader.LENGTH + aml.length;
    }

    public byte[] toBytes() {
        ByteBuffer b = HEADER.start(length());
        b.put(aml);
        return SdtHeader.seal(b);
    }
}
