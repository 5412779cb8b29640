package io.isobench.runtime.vm.acpi;

import java.io.ByteArrayOutputStream;

/**
 * An AML integer constant (ACPI 6.5, 20.2.3 "Data Objects Encoding").
 *
 * <p>ComputationalData offers ZeroOp (0x00), OneOp (0x01), OnesOp (0xFF) and the
 * Byte/Word/DWord/QWord prefixes (0x0A/0x0B/0x0C/0x0E) followed by a little-endian value.
 * We pick the shortest encoding, as iasl does. OnesOp means "all bits set" at the table's
 * integer width: 64 bits, because our DSDT has revision 2 (19.6.102 and 5.2.11.1), so
 * only the 64-bit all-ones value is emitted as Ones; 0xFFFFFFFF is a DWord.
 *
 * @param value the value, read as an unsigned 64-bit number
 */
public record AmlInteger(long value) implements Aml {
    static final int ZERO_OP = 0x00;
    static final int ONE_OP = 0x01;
    static final int ONES_OP = 0xFF;
    static final int BYTE_PREFIX = 0x0A;
    static final int WORD_PREFIX = 0x0B;
    static final int DWORD_PREFIX = 0x0C;
    static final int QWORD_PREFIX = 0x0E;

    @Override
    public void encodeTo(ByteArrayOutputStream out) {
        if (value == 0) {
            out.write(ZERO_OP);
        } else if (value == 1) {
            out.write(ONE_OP);
        } else if (value == -1L) {
            out.write(ONES_OP);
        } else if (Long.compareUnsigned(value, 0xFFL) <= 0) {
            out.write(BYTE_PREFIX);
            Le.u8(out, (int) value);
        } else if (Long.compareUnsigned(value, 0xFFFFL) <= 0) {
            out.write(WORD_PREFIX);
            Le.u16(out, (int) value);
        } else if (Long.compareUnsigned(value, 0xFFFF_FFFFL) <= 0) {
            out.write(DWORD_PREFIX);
            Le.u32(out, value);
        } else {
            out.write(QWORD_PREFIX);
            Le.u64(out, value);
        }
    }
}
