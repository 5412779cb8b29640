package io.isobench.runtime.vm.acpi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** NameString encoding (ACPI 6.5, 20.2.2). */
class NameStringTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        // a NameSeg alone: 4 ASCII characters
        "_HID        | 5F 48 49 44",
        // short segments are padded with '_'
        "_SB         | 5F 53 42 5F",
        "A           | 41 5F 5F 5F",
        // RootChar '\' = 5C
        "\\_SB       | 5C 5F 53 42 5F",
        // two segments: DualNamePrefix 2E
        "\\_SB.COM1  | 5C 2E 5F 53 42 5F 43 4F 4D 31",
        "_SB.PCI0    | 2E 5F 53 42 5F 50 43 49 30",
        // three or more: MultiNamePrefix 2F, SegCount
        "\\_SB.PCI0.ISA | 5C 2F 03 5F 53 42 5F 50 43 49 30 49 53 41 5F",
        // ParentPrefixChar '^' = 5E, once per level
        "^^FOO       | 5E 5E 46 4F 4F 5F",
        // the root itself: RootChar NullName
        "\\          | 5C 00",
    })
    void encodes(String asl, String hex) {
        assertEquals(Hex.of(Hex.bytes(hex)), Hex.of(NameString.parse(asl).toBytes()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "_hid", "1ABC", "TOOLONG", "_SB..X", "A-B", "\\^A", "^"})
    void rejectsBadNames(String asl) {
        assertThrows(IllegalArgumentException.class, () -> NameString.parse(asl));
    }
}
