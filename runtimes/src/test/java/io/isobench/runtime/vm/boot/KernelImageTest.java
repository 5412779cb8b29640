package io.isobench.runtime.vm.boot;

import io.isobench.runtime.vm.devices.virtio.ArrayMemory;
import io.isobench.runtime.vm.memory.Bytes;
import org.junit.jupiter.api.Test;

import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KernelImageTest {
    private static final RamLayout RAM = RamLayout.of(64L << 20);

    private static String refused(byte[] file) {
        return assertThrows(KernelFormatException.class, () -> KernelImage.parse(file)).getMessage();
    }

    @Test
    void aBzImageLoadsItsProtectedModePartAtOneMebibyteAndEntersAtStartup64() throws Exception {
        KernelImage k = KernelImage.parse(TestKernels.bzImage());
        assertInstanceOf(BzImage.class, k);
        ArrayMemory mem = new ArrayMemory((int) RAM.bytes());
        KernelImage.LoadedKernel loaded = k.load(mem, RAM);
        assertEquals(0x100200, loaded.entryAddress());
        assertEquals(0x100000, loaded.start());
        // Decompresses at pref_address (16 MiB) and needs init_size (20 MiB) from there.
        assertEquals(36L << 20, loaded.end());
        assertArrayEquals(TestKernels.PAYLOAD, Arrays.copyOfRange(mem.bytes, 0x100000, 0x100000 + TestKernels.PAYLOAD.length));
        assertEquals(0x020F, k.protocolVersion());
        assertEquals(2047, k.maxCommandLine());
        assertEquals(0x80000000L, k.initrdAddressLimit());
    }

    @Test
    void theZeroPageTemplateIsTheFilesSetupHeaderAndNothingElse() throws Exception {
        byte[] file = TestKernels.bzImage();
        byte[] zp = KernelImage.parse(file).zeroPageTemplate();
        assertEquals(4096, zp.length);
        assertArrayEquals(Arrays.copyOfRange(file, 0x1F1, 0x26C), Arrays.copyOfRange(zp, 0x1F1, 0x26C));
        for (int i = 0; i < 4096; i++) {
            if (i < 0x1F1 || i >= 0x26C) {
                assertEquals(0, zp[i], "byte " + i);
            }
        }
    }

    @Test
    void aKernelTooBigForTheGuestIsRefusedBeforeAnythingIsWritten() throws Exception {
        byte[] file = TestKernels.bzImage();
        Bytes.putU32(file, SetupHeader.INIT_SIZE, 60L << 20);
        ArrayMemory mem = new ArrayMemory((int) RAM.bytes());
        String msg = assertThrows(KernelFormatException.class, () -> KernelImage.parse(file).load(mem, RAM)).getMessage();
        assertTrue(msg.contains("76 MiB"), msg);
        assertEquals(0, mem.bytes[0x100000]);
    }

    @Test
    void filesThatAreNotBootableKernelsGetOneSentence() {
        assertTrue(refused(new byte[100]).contains("too short"));
        byte[] text = new byte[8192];
        Arrays.fill(text, (byte) 'x');
        assertTrue(refused(text).contains("neither a bzImage"));
        assertTrue(refused(TestKernels.with(TestKernels.bzImage(), SetupHeader.VERSION, 0x020B)).contains("2.11"));
        assertTrue(refused(TestKernels.with(TestKernels.bzImage(), SetupHeader.XLOADFLAGS, 0x7E)).contains("64-bit entry"));
        byte[] truncated = TestKernels.bzImage();
        truncated[SetupHeader.SETUP_SECTS] = 60;
        assertTrue(refused(truncated).contains("truncated"));
    }

    @Test
    void anElfVmlinuxLoadsEachSegmentAtItsPhysicalAddress() throws Exception {
        KernelImage k = KernelImage.parse(TestKernels.elf(0x1000000, 0x1000000));
        assertInstanceOf(ElfKernel.class, k);
        ArrayMemory mem = new ArrayMemory((int) RAM.bytes());
        KernelImage.LoadedKernel loaded = k.load(mem, RAM);
        assertEquals(0x1000000, loaded.entryAddress());
        assertEquals(0x1001000, loaded.end());
        assertArrayEquals(TestKernels.PAYLOAD, Arrays.copyOfRange(mem.bytes, 0x1000000, 0x1000000 + TestKernels.PAYLOAD.length));
        byte[] zp = k.zeroPageTemplate();
        assertEquals(0x53726448L, Bytes.u32(zp, SetupHeader.HEADER));
    }

    @Test
    void hostileElfHeadersAreRefusedNotFollowed() throws Exception {
        byte[] outside = TestKernels.elf(0x1000000, 0x1000000);
        Bytes.putU64(outside, 64 + 8, 1L << 40); // p_offset far past the file
        assertTrue(refused(outside).contains("outside the file"));
        byte[] phdrs = TestKernels.elf(0x1000000, 0x1000000);
        Bytes.putU64(phdrs, 32, Long.MAX_VALUE); // e_phoff overflowing
        assertTrue(refused(phdrs).contains("program headers"));
        byte[] arm = TestKernels.elf(0x1000000, 0x1000000);
        Bytes.putU16(arm, 18, 183);
        assertTrue(refused(arm).contains("not an x86-64"));
        ArrayMemory mem = new ArrayMemory((int) RAM.bytes());
        String high = assertThrows(KernelFormatException.class,
                () -> KernelImage.parse(TestKernels.elf(0xFFFF_FFFF_FFFF_F000L, 0)).load(mem, RAM)).getMessage();
        assertTrue(high.contains("outside the guest's RAM"), high);
        String entry = assertThrows(KernelFormatException.class,
                () -> KernelImage.parse(TestKernels.elf(0x1000000, 0x2000000)).load(mem, RAM)).getMessage();
        assertTrue(entry.contains("entry point"), entry);
        // Program headers inside a big file but more of them than any kernel has: refused unread.
        byte[] many = Arrays.copyOf(TestKernels.elf(0x1000000, 0x1000000), 256 << 10);
        Bytes.putU16(many, 56, 3000);
        assertTrue(refused(many).contains("more than a kernel has"), refused(many));
    }

    /** The monitor parses kernels from their files (BootFile): the same bytes end up in guest memory as from an array. */
    @Test
    void aKernelParsedFromItsFileLoadsTheSameBytes(@TempDir Path dir) throws Exception {
        for (byte[] bytes : List.of(TestKernels.bzImage(), TestKernels.elf(0x1000000, 0x1000000))) {
            Path file = Files.write(dir.resolve("kernel"), bytes);
            ArrayMemory fromFile = new ArrayMemory((int) RAM.bytes());
            ArrayMemory fromBytes = new ArrayMemory((int) RAM.bytes());
            KernelImage onDisk = KernelImage.parse(BootFile.of(file));
            KernelImage inMemory = KernelImage.parse(bytes);
            assertEquals(inMemory.load(fromBytes, RAM), onDisk.load(fromFile, RAM));
            assertArrayEquals(fromBytes.bytes, fromFile.bytes);
            assertArrayEquals(inMemory.zeroPageTemplate(), onDisk.zeroPageTemplate());
            assertEquals(inMemory.toString(), onDisk.toString());
        }
    }
}
