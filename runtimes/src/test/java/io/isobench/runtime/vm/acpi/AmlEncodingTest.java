package io.isobench.runtime.vm.acpi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Data objects and named objects against hand-written AML (ACPI 6.5, 20.2). */
class AmlEncodingTest {

    private static void assertAml(String hex, Aml aml) {
        assertEquals(Hex.of(Hex.bytes(hex)), Hex.of(aml.toBytes()));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "0                    | 00",                          // ZeroOp
        "1                    | 01",                          // OneOp
        "-1                   | FF",                          // OnesOp (64-bit all ones)
        "2                    | 0A 02",                       // BytePrefix
        "255                  | 0A FF",
        "256                  | 0B 00 01",                    // WordPrefix, little-endian
        "65535                | 0B FF FF",
        "65536                | 0C 00 00 01 00",              // DWordPrefix
        "4294967295           | 0C FF FF FF FF",              // 0xFFFFFFFF is not Ones in a rev-2 table
        "4294967296           | 0E 00 00 00 00 01 00 00 00",  // QWordPrefix
        "-2                   | 0E FE FF FF FF FF FF FF FF",  // unsigned 0xFFFFFFFFFFFFFFFE
    })
    void integersUseTheShortestPrefix(long value, String hex) {
        assertAml(hex, Aml.integer(value));
    }

    @Test
    void stringIsPrefixedAndNulTerminated() {
        assertAml("0D 4C 4E 52 4F 30 30 30 35 00", Aml.string("LNRO0005"));
        assertAml("0D 00", Aml.string(""));
        assertThrows(IllegalArgumentException.class, () -> Aml.string("caf\u00e9"));
        assertThrows(IllegalArgumentException.class, () -> Aml.string("a\0b"));
    }

    @Test
    void eisaIdCompressesThreeLettersAndFourHexDigits() {
        // P=0x10 N=0x0E P=0x10: byte0 = 0x10<<2 | 0x0E>>3 = 0x41, byte1 = (0x0E&7)<<5 | 0x10 = 0xD0
        assertAml("0C 41 D0 05 01", Aml.eisaId("PNP0501"));
        assertAml("0C 41 D0 03 03", Aml.eisaId("PNP0303"));
        // The well-known value of PNP0A03 (PCI host bridge) as a 32-bit integer.
        assertEquals(0x030AD041L, Aml.eisaId("PNP0A03").value());
        assertThrows(IllegalArgumentException.class, () -> Aml.eisaId("LNRO0005"));
        assertThrows(IllegalArgumentException.class, () -> Aml.eisaId("pnp0501"));
    }

    @Test
    void buffer() {
        // BufferOp, PkgLength 5 (itself + BytePrefix size + 2 data bytes), BufferSize 0A 02
        assertAml("11 05 0A 02 AA BB", Aml.buffer((byte) 0xAA, (byte) 0xBB));
    }

    @Test
    void packageOfIntegers() {
        // Name (_S5, Package () { 5, Zero }): what an S5 object would look like
        // PackageOp 12, PkgLength 05, NumElements 02, 0A 05, 00
        assertAml("08 5F 53 35 5F 12 05 02 0A 05 00", Aml.name("_S5", Aml.pkg(Aml.integer(5), Aml.integer(0))));
    }

    @Test
    void nameWithInteger() {
        assertAml("08 5F 55 49 44 0A 07", Aml.name("_UID", Aml.integer(7)));
    }

    @Test
    void scopeAndDevice() {
        // Scope (\_SB) { Device (FOO) { Name (_UID, One) } }
        // Device:  5B 82, PkgLength 0B (itself + 4 name + 6 Name), "FOO_", Name(_UID, One) -> 13 bytes
        // Scope:   10, PkgLength 13h = 19 (itself + 5 name + 13 device), "\_SB_", device
        assertAml("10 13 5C 5F 53 42 5F"
                + " 5B 82 0B 46 4F 4F 5F 08 5F 55 49 44 01",
                Aml.scope("\\_SB", List.of(Aml.device("FOO", List.of(Aml.name("_UID", Aml.integer(1)))))));
    }

    @Test
    void methodWithFlagsAndReturn() {
        // Method (_STA, 0, NotSerialized) { Return (0x0F) }
        // 14, PkgLength 09 (itself + 4 name + 1 flags + 3 Return), "_STA", flags 00, A4 0A 0F
        assertAml("14 09 5F 53 54 41 00 A4 0A 0F",
                Aml.method("_STA", 0, false, List.of(Aml.ret(Aml.integer(0x0F)))));
        // Method (XYZ, 3, Serialized, 5): flags = 3 | 1<<3 | 5<<4 = 0x5B
        assertEquals(0x5B, new AmlMethod(NameString.parse("XYZ"), 3, true, 5, List.of()).flags());
        assertAml("14 06 58 59 5A 5F 0B",
                Aml.method("XYZ", 3, true, List.of()));
        assertThrows(IllegalArgumentException.class, () -> Aml.method("BAD", 8, false, List.of()));
    }
}
