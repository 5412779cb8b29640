package io.isobench.runtime.vm.acpi;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Root System Description Pointer, ACPI 2.0+ form, 36 bytes (ACPI 6.5, 5.2.5.3, Table 5.3):
 *
 * <pre>
 *  0 "RSD PTR "  8 Checksum (bytes 0-19)  9 OEMID[6]  15 Revision = 2
 * 16 RsdtAddress u32 = 0 (we have no RSDT)  20 Length u32 = 36
 * 24 XsdtAddress u64  32 Extended Checksum (bytes 0-35)  33 reserved[3]
 * </pre>
 *
 * Linux finds it through boot_params.acpi_rsdp_addr if the loader sets it, otherwise by
 * scanning the first KiB of the EBDA and 0xE0000-0xFFFFF on 16-byte boundaries (5.2.5.1),
 * so it must be 16-byte aligned.
 */
public record Rsdp(long xsdtAddress) {
    public static final int LENGTH = 36;
    public static final int REVISION = 2;
    public static final int CHECKSUM_OFFSET = 8;
    public static final int EXTENDED_CHECKSUM_OFFSET = 32;
    public static final int XSDT_ADDRESS_OFFSET = 24;

    public byte[] toBytes() {
        ByteBuffer b = ByteBuffer.allocate(LENGTH).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RSD PTR ".getBytes(StandardCharsets.US_ASCII));
        b.put((byte) 0); // checksum
        b.put(SdtHeader.OEM_ID.getBytes(StandardCharsets.US_ASCII));
        b.put((byte) REVISION);
        // RsdtAddress: zero. An ACPI 2.0+ OS uses the XSDT (ACPICA does when revision > 1
        // and XsdtAddress != 0); an RSDT would only duplicate it with 32-bit pointers.
        b.putInt(0);
        b.putInt(LENGTH);
        b.putLong(xsdtAddress);
        b.put((byte) 0); // extended checksum
        b.put(new byte[3]);
        byte[] bytes = b.array();
        // The first checksum covers only the ACPI 1.0 part (bytes 0-19), the extended one
        // the whole structure; set the first one first, since the second covers it.
        Checksum.fix(bytes, CHECKSUM_OFFSET, 0, 20);
        Checksum.fix(bytes, EXTENDED_CHECKSUM_OFFSET, 0, LENGTH);
        return bytes;
    }
}
