package io.isobench.runtime.vm.acpi;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each table's bytes, lengths, field offsets and checksums (ACPI 6.5 chapter 5). */
class TablesTest {

    private static String ascii(byte[] b, int off, int len) {
        return new String(b, off, len, StandardCharsets.US_ASCII);
    }

    /** The SDT header rules (5.2.6) every table but the RSDP obeys. */
    static void assertHeader(byte[] t, String signature, int revision, String oemTableId) {
        assertEquals(signature, ascii(t, 0, 4), "signature");
        assertEquals(t.length, Hex.u32(t, 4), "Length covers the whole table");
        assertEquals(revision, Hex.u8(t, 8), "revision");
        assertEquals(0, Checksum.sum(t), "all bytes sum to 0 mod 256");
        assertEquals("ISOBEN", ascii(t, 10, 6), "OEMID");
        assertEquals(oemTableId, ascii(t, 16, 8), "OEM table id");
        assertEquals(1, Hex.u32(t, 24), "OEM revision");
        assertEquals("ISOB", ascii(t, 28, 4), "creator id");
        assertEquals(1, Hex.u32(t, 32), "creator revision");
    }

    @Test
    void rsdpBytesAndBothChecksums() {
        byte[] r = new Rsdp(0xE0030L).toBytes();
        // Written by hand (5.2.5.3):
        //   "RSD PTR ", checksum 1F (bytes 0-19 sum: 543 + 448 + 2 = 993 = 0x3E1 -> 0xE1 -> 0x1F),
        //   "ISOBEN", revision 02, RsdtAddress 0, Length 36, XsdtAddress 0xE0030,
        //   extended checksum 9E (bytes 20-35 add 0x24 + 0x30 + 0x0E = 0x62), reserved.
        assertEquals(Hex.of(Hex.bytes("52 53 44 20 50 54 52 20 1F 49 53 4F 42 45 4E 02"
                + " 00 00 00 00 24 00 00 00 30 00 0E 00 00 00 00 00 9E 00 00 00")), Hex.of(r));
        assertEquals(36, r.length);
        assertEquals(0, Checksum.sum(r, 0, 20), "ACPI 1.0 checksum over the first 20 bytes");
        assertEquals(0, Checksum.sum(r), "extended checksum over all 36 bytes");
        assertEquals(0xE0030L, Hex.u64(r, Rsdp.XSDT_ADDRESS_OFFSET));
    }

    @Test
    void rsdpChecksumsHoldForAnyAddress() {
        for (long a : new long[] {0, 0xFFFF_FFFF_FFFF_FFF0L, 0x1234_5678_9ABC_DEF0L}) {
            byte[] r = new Rsdp(a).toBytes();
            assertEquals(0, Checksum.sum(r, 0, 20));
            assertEquals(0, Checksum.sum(r));
        }
    }

    @Test
    void xsdtHoldsSixtyFourBitPointers() {
        byte[] x = new Xsdt(List.of(0xE0070L, 0x1_2345_6780L)).toBytes();
        assertHeader(x, "XSDT", 1, "ISOBXSDT");
        assertEquals(36 + 16, x.length);
        assertEquals(0xE0070L, Hex.u64(x, 36));
        assertEquals(0x1_2345_6780L, Hex.u64(x, 44));
        // Header checked field by field above; the full dump as iasl decoded it:
        byte[] y = new Xsdt(List.of(0xE0070L, 0xE0190L)).toBytes();
        assertEquals(Hex.of(Hex.bytes("58 53 44 54 34 00 00 00 01 0C 49 53 4F 42 45 4E"
                + " 49 53 4F 42 58 53 44 54 01 00 00 00 49 53 4F 42 01 00 00 00"
                + " 70 00 0E 00 00 00 00 00 90 01 0E 00 00 00 00 00")), Hex.of(y));
    }

    @Test
    void fadtFieldsAtTheirOffsets() {
        byte[] f = Fadt.forMicroVm(0xE01F0L, true, true).toBytes();
        assertHeader(f, "FACP", 6, "ISOBFACP");
        assertEquals(276, f.length);
        assertEquals(0, Hex.u32(f, 36), "FIRMWARE_CTRL: no FACS");
        assertEquals(0, Hex.u32(f, 40), "32-bit DSDT must be 0 when X_DSDT is set");
        assertEquals(0xE01F0L, Hex.u64(f, 140), "X_DSDT at offset 140");
        assertEquals(5, Hex.u8(f, 131), "FADT minor version 5 -> ACPI 6.5");
        // IAPC_BOOT_ARCH at 109: legacy devices 1 | 8042 2 | no VGA 4 | no MSI 8 | no CMOS RTC 0x20
        assertEquals(0x2F, Hex.u16(f, 109));
        // Flags at 112: PWR_BUTTON (4) | SLP_BUTTON (5) | RESET_REG_SUP (10) | HW_REDUCED_ACPI (20)
        assertEquals(0x0010_0430L, Hex.u32(f, 112));
        // RESET_REG at 116: SystemIO, 8 bits, offset 0, byte access, port 0x64; RESET_VALUE 0xFE at 128
        assertEquals(Hex.of(Hex.bytes("01 08 00 01 64 00 00 00 00 00 00 00")),
                Hex.of(Arrays.copyOfRange(f, 116, 128)));
        assertEquals(0xFE, Hex.u8(f, 128));
        assertEquals("ISOBENCH", ascii(f, 268, 8), "hypervisor vendor identity");
        // Everything in the HW-reduced "ignored" ranges stays zero: 44-108 and 148-267.
        for (int i = 44; i <= 108; i++) {
            assertEquals(0, f[i], "offset " + i);
        }
        for (int i = 148; i < 268; i++) {
            assertEquals(0, f[i], "offset " + i);
        }
    }

    @Test
    void fadtWithoutLegacyDevicesHasNoResetRegister() {
        byte[] f = Fadt.forMicroVm(0x1000L, false, false).toBytes();
        assertHeader(f, "FACP", 6, "ISOBFACP");
        assertEquals(0x2C, Hex.u16(f, 109), "no VGA | no MSI | no CMOS RTC, no 8042, no legacy devices");
        assertEquals(0x0010_0030L, Hex.u32(f, 112), "no RESET_REG_SUP");
        for (int i = 116; i <= 128; i++) {
            assertEquals(0, f[i], "RESET_REG/RESET_VALUE offset " + i);
        }
        // COM1 alone is still a legacy device, but not an 8042.
        assertEquals(0x2D, Hex.u16(Fadt.forMicroVm(0x1000L, false, true).toBytes(), 109));
    }

    @Test
    void madtForTwoVcpusByHand() {
        byte[] m = Madt.forMicroVm(2).toBytes();
        assertHeader(m, "APIC", 5, "ISOBAPIC");
        String body = Hex.of(Arrays.copyOfRange(m, 36, m.length));
        assertEquals(Hex.of(Hex.bytes(""
                + "00 00 E0 FE"                 // local APIC address 0xFEE00000
                + " 01 00 00 00"                // flags: PCAT_COMPAT
                + " 00 08 00 00 01 00 00 00"    // Local APIC: type 0, len 8, UID 0, APIC id 0, enabled
                + " 00 08 01 01 01 00 00 00"    // Local APIC: UID 1, APIC id 1, enabled
                + " 01 0C 00 00 00 00 C0 FE 00 00 00 00" // IOAPIC: type 1, len 12, id 0, rsvd, 0xFEC00000, GSI base 0
                + " 02 0A 00 00 02 00 00 00 00 00"       // ISO: type 2, len 10, ISA, IRQ 0 -> GSI 2, conforms
                + " 04 06 FF 05 00 01")),                // LAPIC NMI: type 4, len 6, all CPUs, edge/high, LINT1
                body);
        assertEquals(44 + 2 * 8 + 12 + 10 + 6, m.length);
    }

    @Test
    void madtEntrySizesAndOffsetsScaleWithVcpus() {
        for (int n : new int[] {1, 4, 255}) {
            byte[] m = Madt.forMicroVm(n).toBytes();
            assertHeader(m, "APIC", 5, "ISOBAPIC");
            assertEquals(44 + 8 * n + 12 + 10 + 6, m.length);
            for (int i = 0; i < n; i++) {
                int off = 44 + 8 * i;
                assertEquals(0, Hex.u8(m, off), "type");
                assertEquals(8, Hex.u8(m, off + 1), "length");
                assertEquals(i, Hex.u8(m, off + 2), "processor UID");
                assertEquals(i, Hex.u8(m, off + 3), "APIC id");
                assertEquals(1, Hex.u32(m, off + 4), "enabled");
            }
            int io = 44 + 8 * n;
            assertEquals(1, Hex.u8(m, io));
            assertEquals(12, Hex.u8(m, io + 1));
            assertEquals(0xFEC0_0000L, Hex.u32(m, io + 4));
            assertEquals(2, Hex.u8(m, io + 12));
            assertEquals(10, Hex.u8(m, io + 13));
            assertEquals(4, Hex.u8(m, io + 22));
            assertEquals(6, Hex.u8(m, io + 23));
        }
    }

    @Test
    void dsdtWrapsTheAmlBody() {
        byte[] aml = Hex.bytes("10 06 5C 5F 53 42 5F");
        byte[] d = new Dsdt(aml).toBytes();
        assertHeader(d, "DSDT", 2, "ISOBDSDT");
        assertEquals(Hex.of(aml), Hex.of(Arrays.copyOfRange(d, 36, d.length)));
    }
}
