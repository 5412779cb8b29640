package io.isobench.runtime.vm.acpi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** PkgLength (ACPI 6.5, 20.2.4) at every encoding boundary. */
class PkgLengthTest {

    private static void assertEncodes(int value, String hex) {
        assertEquals(Hex.of(Hex.bytes(hex)), Hex.of(PkgLength.encode(value)), "PkgLength " + value);
    }

    @Test
    void oneByteHoldsUpTo63() {
        assertEncodes(0, "00");
        assertEncodes(1, "01");
        assertEncodes(63, "3F");
    }

    @Test
    void twoBytesFrom64To4095() {
        // lead byte: bits 7-6 = 01 (one follow byte), bits 3-0 = low nibble; follow = value >> 4
        assertEncodes(64, "40 04");
        assertEncodes(0x1A5, "45 1A");
        assertEncodes(4095, "4F FF");
    }

    @Test
    void threeBytesFrom4096To0xFFFFF() {
        assertEncodes(4096, "80 00 01");
        assertEncodes(0xFFFFF, "8F FF FF");
    }

    @Test
    void fourBytesFrom0x100000To0xFFFFFFF() {
        assertEncodes(0x100000, "C0 00 00 01");
        assertEncodes(0x0FFFFFFF, "CF FF FF FF");
    }

    @Test
    void rejectsOutOfRange() {
        assertThrows(IllegalArgumentException.class, () -> PkgLength.encode(0x10000000));
        assertThrows(IllegalArgumentException.class, () -> PkgLength.encode(-1));
    }

    @Test
    void sizeForCountsItsOwnBytes() {
        // The encoded value includes the PkgLength bytes, so the body limits are one less
        // (1 byte), two less (2 bytes), ... than the value limits.
        assertEquals(1, PkgLength.sizeFor(62));   // 62 + 1 = 63
        assertEquals(2, PkgLength.sizeFor(63));   // 63 + 1 = 64 > 63
        assertEquals(2, PkgLength.sizeFor(4093)); // 4093 + 2 = 4095
        assertEquals(3, PkgLength.sizeFor(4094)); // 4094 + 2 = 4096 > 4095
        assertEquals(3, PkgLength.sizeFor(0xFFFFF - 3));
        assertEquals(4, PkgLength.sizeFor(0xFFFFF - 2));
        assertEquals(4, PkgLength.sizeFor(0x0FFFFFFF - 4));
        assertThrows(IllegalArgumentException.class, () -> PkgLength.sizeFor(0x0FFFFFFF - 3));
    }

    @Test
    void packageWrappingAtTheOneToTwoByteBoundary() {
        // A Package whose body (NumElements + elements) is 62 bytes gets a 1-byte PkgLength
        // of 63; one more byte of body needs the 2-byte form with value 63 + 2 = 65.
        Aml[] sixtyOneZeros = new Aml[61];
        Arrays.fill(sixtyOneZeros, Aml.integer(0));
        byte[] small = Aml.pkg(sixtyOneZeros).toBytes();
        assertArrayEquals(Hex.bytes("12 3F 3D"), Arrays.copyOf(small, 3));
        assertEquals(1 + 1 + 62, small.length);

        Aml[] sixtyTwoZeros = new Aml[62];
        Arrays.fill(sixtyTwoZeros, Aml.integer(0));
        byte[] big = Aml.pkg(sixtyTwoZeros).toBytes();
        assertArrayEquals(Hex.bytes("12 41 04 3E"), Arrays.copyOf(big, 4)); // 65 = 0x41
        assertEquals(1 + 2 + 63, big.length);
    }
}
