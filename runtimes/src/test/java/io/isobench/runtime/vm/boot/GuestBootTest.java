package io.isobench.runtime.vm.boot;

import io.isobench.runtime.vm.acpi.AcpiConfig;
import io.isobench.runtime.vm.acpi.AcpiLayout;
import io.isobench.runtime.vm.acpi.AcpiTables;
import io.isobench.runtime.vm.devices.virtio.ArrayMemory;
import io.isobench.runtime.vm.memory.Bytes;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GuestBootTest {
    private static final RamLayout RAM = RamLayout.of(64L << 20);

    private static GuestBoot.Placed boot(ArrayMemory mem, byte[] initrd, String cmdline) throws Exception {
        AcpiLayout acpi = AcpiTables.build(new AcpiConfig(2, List.of(), true, true));
        return GuestBoot.prepare(mem, RAM, new GuestBoot.Request(KernelImage.parse(TestKernels.bzImage()), BootFile.of(initrd), cmdline, acpi));
    }

    @Test
    void theZeroPageTellsTheKernelWhereEverythingIs() throws Exception {
        ArrayMemory mem = new ArrayMemory((int) RAM.bytes());
        byte[] initrd = new byte[3 << 20];
        Arrays.fill(initrd, (byte) 7);
        GuestBoot.Placed placed = boot(mem, initrd, "console=ttyS0 panic=-1");
        byte[] zp = Arrays.copyOfRange(mem.bytes, 0x7000, 0x8000);

        assertEquals(0xFF, Bytes.u8(zp, 0x210), "type_of_loader");
        assertEquals(0x20000, Bytes.u32(zp, 0x228), "cmd_line_ptr");
        assertEquals("console=ttyS0 panic=-1\0",
                new String(mem.bytes, 0x20000, 23, StandardCharsets.US_ASCII));
        // The initramfs sits at the top of RAM, page-aligned, and is really there.
        assertEquals(64L - 3 << 20, Bytes.u32(zp, 0x218), "ramdisk_image");
        assertEquals(3 << 20, Bytes.u32(zp, 0x21C), "ramdisk_size");
        assertEquals(placed.initrdAddress(), Bytes.u32(zp, 0x218));
        assertEquals(7, mem.bytes[(int) placed.initrdAddress()]);
        assertEquals(0xE0000, Bytes.u64(zp, 0x070), "acpi_rsdp_addr");
        assertEquals("RSD PTR ", new String(mem.bytes, 0xE0000, 8, StandardCharsets.US_ASCII));
        // e820: low RAM, EBDA hole, BIOS area (ACPI), RAM from 1 MiB.
        assertEquals(4, Bytes.u8(zp, 0x1E8));
        long[][] expected = {{0, 0x9FC00, 1}, {0x9FC00, 0x400, 2}, {0xE0000, 0x20000, 2}, {0x100000, (63L << 20), 1}};
        for (int i = 0; i < expected.length; i++) {
            int at = 0x2D0 + 20 * i;
            assertEquals(expected[i][0], Bytes.u64(zp, at), "e820[" + i + "].addr");
            assertEquals(expected[i][1], Bytes.u64(zp, at + 8), "e820[" + i + "].size");
            assertEquals(expected[i][2], Bytes.u32(zp, at + 16), "e820[" + i + "].type");
        }
        // The kernel's own header is kept.
        assertEquals(0x53726448L, Bytes.u32(zp, 0x202));
    }

    @Test
    void vcpuZeroStartsInLongModeAtStartup64WithTheZeroPageInRsi() throws Exception {
        ArrayMemory mem = new ArrayMemory((int) RAM.bytes());
        BootState s = boot(mem, new byte[4096], "x").state();
        assertEquals(0x100200, s.rip());
        assertEquals(0x7000, s.rsi());
        assertEquals(0x9000, s.cr3());
        assertEquals(0x80000011L, s.cr0());
        assertEquals(0x20, s.cr4());
        assertEquals(0x500, s.efer());
        assertEquals(0x2, s.rflags());
        assertEquals(0x10, s.code().selector());
        assertEquals(0x18, s.data().selector());
        assertEquals(0x500, s.gdtBase());
        assertEquals(47, s.gdtLimit());
        // The GDT in memory says what the registers say.
        assertEquals(s.code().descriptor(), Bytes.u64(mem.bytes, 0x500 + 0x10));
        assertEquals(s.data().descriptor(), Bytes.u64(mem.bytes, 0x500 + 0x18));
    }

    @Test
    void badCompanionsAreRefusedWithASentence() {
        ArrayMemory mem = new ArrayMemory((int) RAM.bytes());
        String big = assertThrows(KernelFormatException.class, () -> boot(mem, new byte[40 << 20], "x")).getMessage();
        assertTrue(big.contains("guest memory is too small"), big);
        String longLine = assertThrows(KernelFormatException.class, () -> boot(mem, null, "x".repeat(2048))).getMessage();
        assertTrue(longLine.contains("at most 2047"), longLine);
        String nonAscii = assertThrows(KernelFormatException.class, () -> boot(mem, null, "a\nb")).getMessage();
        assertTrue(nonAscii.contains("printable ASCII"), nonAscii);
    }

    @Test
    void theIdentityMapCoversFourGibibytesWithTwoMebibytePages() {
        ArrayMemory mem = new ArrayMemory(1 << 20);
        assertEquals(0x9000, PageTables.write(mem));
        assertEquals(0xA003, Bytes.u64(mem.bytes, 0x9000));
        assertEquals(0, Bytes.u64(mem.bytes, 0x9008));
        assertArrayEquals(new long[] {0xB003, 0xC003, 0xD003, 0xE003, 0},
                new long[] {Bytes.u64(mem.bytes, 0xA000), Bytes.u64(mem.bytes, 0xA008), Bytes.u64(mem.bytes, 0xA010),
                        Bytes.u64(mem.bytes, 0xA018), Bytes.u64(mem.bytes, 0xA020)});
        assertEquals(0x83, Bytes.u64(mem.bytes, 0xB000));
        assertEquals(0x200083, Bytes.u64(mem.bytes, 0xB008));
        assertEquals(0xFFE00083L, Bytes.u64(mem.bytes, 0xE000 + 511 * 8));
    }

    @Test
    void descriptorsHaveTheCanonicalEncodings() {
        assertEquals(0x00AF9B000000FFFFL, Gdt.CODE.descriptor());
        assertEquals(0x00CF93000000FFFFL, Gdt.DATA.descriptor());
        assertEquals(0x00008B0010000067L, Gdt.TSS.descriptor());
        byte[] gdt = Gdt.bytes();
        assertEquals(48, gdt.length);
        assertEquals(0, Bytes.u64(gdt, 0));
        assertEquals(0, Bytes.u64(gdt, 40), "upper half of the TSS descriptor: base bits 32-63");
    }

    @Test
    void ramAboveThreeGibibytesContinuesAtFour() {
        RamLayout ram = RamLayout.of(5L << 30);
        assertEquals(List.of(new RamLayout.Region(0, 3L << 30), new RamLayout.Region(4L << 30, 2L << 30)), ram.regions());
        List<E820.Entry> map = E820.of(ram);
        assertEquals(new E820.Entry(0x100000, (3L << 30) - 0x100000, E820.RAM), map.get(3));
        assertEquals(new E820.Entry(4L << 30, 2L << 30, E820.RAM), map.get(4));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> RamLayout.of(32L << 20)).getMessage().contains("between 64 MiB"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> RamLayout.of((64L << 20) + 5)).getMessage().contains("whole number"));
    }
}
