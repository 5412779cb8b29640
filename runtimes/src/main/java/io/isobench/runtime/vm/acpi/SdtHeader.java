package io.isobench.runtime.vm.acpi;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * The 36-byte System Description Table Header every table but the RSDP starts with
 * (ACPI 6.5, 5.2.6, Table 5.4):
 *
 * <pre>
 *  0 Signature[4]   4 Length u32   8 Revision u8   9 Checksum u8
 * 10 OEMID[6]      16 OEM Table ID[8]   24 OEM Revision u32
 * 28 Creator ID[4] 32 Creator Revision u32
 * </pre>
 *
 * Length and Checksum cover the whole table, header included.
 */
public record SdtHeader(String signature, int revision, String oemTableId) {
    public static final int LENGTH = 36;
    public static final int CHECKSUM_OFFSET = 9;

    /** Who made the platform: isobench. Six characters, as the field is. */
    public static final String OEM_ID = "ISOBEN";
    /** Revision of our own table-building code; bump when the tables' meaning changes. */
    public static final int OEM_REVISION = 1;
    /** The "compiler" that made the tables: this package, not iasl. */
    public static final String CREATOR_ID = "ISOB";
    public static final int CREATOR_REVISION = 1;

    public SdtHeader {
        requireAscii(signature, 4, "signature");
        requireAscii(oemTableId, 8, "OEM table id");
        if (revision < 0 || revision > 0xFF) {
            throw new IllegalArgumentException("revision is a byte: " + revision);
        }
    }

    /**
     * A little-endian buffer of {@code totalLength} bytes with this header written and the
     * checksum left zero, positioned just after the header.
     */
    ByteBuffer start(int totalLength) {
        ByteBuffer b = ByteBuffer.allocate(totalLength).order(ByteOrder.LITTLE_ENDIAN);
        b.put(signature.getBytes(StandardCharsets.US_ASCII));
        b.putInt(totalLength);
        b.put((byte) revision);
        b.put((byte) 0); // checksum, filled by seal()
        b.put(OEM_ID.getBytes(StandardCharsets.US_ASCII));
        b.put(oemTableId.getBytes(StandardCharsets.US_ASCII));
        b.putInt(OEM_REVISION);
        b.put(CREATOR_ID.getBytes(StandardCharsets.US_ASCII));
        b.putInt(CREATOR_REVISION);
        return b;
    }

    /** Fills in the checksum of a table begun with {@link #start} and returns its bytes. */
    static byte[] seal(ByteBuffer table) {
        if (table.hasRemaining()) {
            throw new IllegalStateException("table body shorter than its declared length by "
                    + table.remaining() + " bytes");
        }
        byte[] bytes = table.array();
        Checksum.fix(bytes, CHECKSUM_OFFSET, 0, bytes.length);
        return bytes;
    }

    static void requireAscii(String s, int length, String what) {
        if (s.length() != length || !StandardCharsets.US_ASCII.newEncoder().canEncode(s)) {
            throw new IllegalArgumentException(what + " must be " + length + " ASCII characters: \"" + s + "\"");
        }
    }
}
