package io.isobench.runtime.vm.acpi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The DSDT device nodes against bytes written by hand from the spec (ACPI 6.5, 20.2 and
 * 6.4). The same bytes were cross-checked once against iasl 20200925: {@code iasl -d} of
 * our DSDT gives back the ASL in {@link PlatformDsdt}'s comment, and recompiling that with
 * {@code iasl -oa} (no optimizations) gives identical AML except for our non-zero End Tag
 * checksums (iasl writes 0) and the header's compiler id (see docs/vm-acpi.md).
 */
class PlatformDsdtTest {

    private static void assertAml(String hex, Aml aml) {
        assertEquals(Hex.of(Hex.bytes(hex)), Hex.of(aml.toBytes()));
    }

    static final String VR00 = ""
            + "5B 82"                               // DeviceOp (ExtOpPrefix 5B, 82)
            + " 3A"                                 // PkgLength 58 = itself + 57 bytes below
            + " 56 52 30 30"                        // NameSeg "VR00"
            + " 08 5F 48 49 44"                     // NameOp "_HID"
            + " 0D 4C 4E 52 4F 30 30 30 35 00"      //   String "LNRO0005" (a string _HID, not EISAID)
            + " 08 5F 55 49 44"                     // NameOp "_UID"
            + " 00"                                 //   ZeroOp
            + " 08 5F 43 52 53"                     // NameOp "_CRS"
            + " 11 1A"                              //   BufferOp, PkgLength 26 = itself + 2 + 23
            + " 0A 17"                              //   BufferSize: BytePrefix 23
            + " 86 09 00"                           //   Memory32Fixed: large item 86, length 9
            + " 01"                                 //     ReadWrite
            + " 00 00 00 D0"                        //     base 0xD0000000
            + " 00 10 00 00"                        //     length 0x1000
            + " 89 06 00"                           //   Extended Interrupt: large item 89, length 6
            + " 03"                                 //     consumer | edge (active high, exclusive)
            + " 01"                                 //     one interrupt
            + " 05 00 00 00"                        //     GSI 5
            + " 79 7F";                             //   End Tag, checksum: template sums to 0

    static final String COM1 = ""
            + "5B 82 31"                            // DeviceOp, PkgLength 49 = itself + 48
            + " 43 4F 4D 31"                        // "COM1"
            + " 08 5F 48 49 44 0C 41 D0 05 01"      // Name (_HID, EisaId ("PNP0501")) = DWord 0x0105D041
            + " 08 5F 55 49 44 00"                  // Name (_UID, Zero)
            + " 08 5F 43 52 53 11 16 0A 13"         // Name (_CRS, Buffer of 19 bytes)
            + " 47 01 F8 03 F8 03 01 08"            //   IO (Decode16, 0x3F8, 0x3F8, 1, 8): small item 47
            + " 89 06 00 03 01 04 00 00 00"         //   Interrupt (Consumer, Edge, ActiveHigh, Exclusive) {4}
            + " 79 A9";                             //   End Tag

    /** COM2: as COM1 with _UID One, ports 0x2F8, interrupt 3 (End Tag checksum follows). */
    static final String COM2 = ""
            + "5B 82 31 43 4F 4D 32"
            + " 08 5F 48 49 44 0C 41 D0 05 01"
            + " 08 5F 55 49 44 01"                  // Name (_UID, One)
            + " 08 5F 43 52 53 11 16 0A 13"
            + " 47 01 F8 02 F8 02 01 08"            //   IO (Decode16, 0x2F8, 0x2F8, 1, 8)
            + " 89 06 00 03 01 03 00 00 00"         //   Interrupt {3}
            + " 79 AC";

    static final String PS2K = ""
            + "5B 82 33"                            // DeviceOp, PkgLength 51 = itself + 50
            + " 50 53 32 4B"                        // "PS2K"
            + " 08 5F 48 49 44 0C 41 D0 03 03"      // Name (_HID, EisaId ("PNP0303"))
            + " 08 5F 43 52 53 11 1E 0A 1B"         // Name (_CRS, Buffer of 27 bytes)
            + " 47 01 60 00 60 00 01 01"            //   IO (Decode16, 0x60, 0x60, 1, 1)
            + " 47 01 64 00 64 00 01 01"            //   IO (Decode16, 0x64, 0x64, 1, 1)
            + " 89 06 00 03 01 01 00 00 00"         //   Interrupt (Consumer, Edge, ActiveHigh, Exclusive) {1}
            + " 79 D7";                             //   End Tag

    @Test
    void virtioMmioDeviceNode() {
        assertAml(VR00, PlatformDsdt.virtioMmio(0, new VirtioMmioDevice(0xD000_0000L, 0x1000, 5)));
    }

    @Test
    void com1Node() {
        assertAml(COM1, PlatformDsdt.uart("COM1", 0, PlatformDsdt.COM1_PORT, PlatformDsdt.COM1_IRQ));
    }

    @Test
    void com2Node() {
        assertAml(COM2, PlatformDsdt.uart("COM2", 1, PlatformDsdt.COM2_PORT, PlatformDsdt.COM2_IRQ));
    }

    @Test
    void i8042Node() {
        assertAml(PS2K, PlatformDsdt.i8042());
    }

    @Test
    void wholeSystemBusScope() {
        AcpiConfig config = new AcpiConfig(1, List.of(new VirtioMmioDevice(0xD000_0000L, 5)), true, true);
        // ScopeOp 10, PkgLength 222 = 0xDE in two bytes: lead 0x40 | 0xE, then 0xDE >> 4 = 0x0D;
        // 222 = itself (2) + "\_SB_" (5) + COM1 (51) + COM2 (51) + PS2K (53) + VR00 (60)
        String expected = "10 4E 0D 5C 5F 53 42 5F " + COM1 + " " + COM2 + " " + PS2K + " " + VR00;
        assertEquals(Hex.of(Hex.bytes(expected)), Hex.of(PlatformDsdt.aml(config)));
    }

    @Test
    void virtioDevicesAreNumberedInOrder() {
        AcpiConfig config = new AcpiConfig(1, List.of(
                new VirtioMmioDevice(0xD000_0000L, 5), new VirtioMmioDevice(0xD000_1000L, 6)), false, false);
        byte[] aml = PlatformDsdt.aml(config);
        String hex = Hex.of(aml);
        // VR01 with Name (_UID, One), GSI 6 and base 0xD0001000
        String vr01 = Hex.of(PlatformDsdt.virtioMmio(1, new VirtioMmioDevice(0xD000_1000L, 6)).toBytes());
        assertTrue(hex.endsWith(vr01), hex);
        assertTrue(vr01.contains("56 52 30 31 08 5F 48 49 44"), vr01);
        assertTrue(vr01.contains("08 5F 55 49 44 01 08"), vr01);
        assertTrue(vr01.contains("00 10 00 D0 00 10 00 00 89 06 00 03 01 06"), vr01);
    }
}
