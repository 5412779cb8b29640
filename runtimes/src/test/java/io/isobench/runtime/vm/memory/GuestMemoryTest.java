package io.isobench.runtime.vm.memory;

import io.isobench.runtime.vm.boot.RamLayout;
import io.isobench.runtime.vm.devices.virtio.GuestAccessException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GuestMemoryTest {
    private static final long MIB = RamLayout.MIB;

    @Test
    void bytesWrittenAreReadBackAtTheSameGuestAddress() {
        try (GuestMemory mem = GuestMemory.allocate(RamLayout.of(64 * MIB))) {
            byte[] data = {1, 2, 3, 4, 5};
            mem.write(0x1000 - 2, data, 0, 5);  // straddles a page boundary
            byte[] back = new byte[5];
            mem.read(0x1000 - 2, back, 0, 5);
            assertArrayEquals(data, back);
            mem.writeU32(64 * MIB - 4, 0xCAFEBABEL);  // the very last bytes
            assertEquals(0xCAFEBABEL, mem.readU32(64 * MIB - 4));
        }
    }

    @Test
    void everyRangeOutsideRamIsRefusedWithoutTouchingAnything() {
        try (GuestMemory mem = GuestMemory.allocate(RamLayout.of(64 * MIB))) {
            byte[] b = new byte[16];
            assertThrows(GuestAccessException.class, () -> mem.read(64 * MIB - 8, b, 0, 16));  // runs off the end
            assertThrows(GuestAccessException.class, () -> mem.read(64 * MIB, b, 0, 1));
            assertThrows(GuestAccessException.class, () -> mem.read(-1, b, 0, 1));
            assertThrows(GuestAccessException.class, () -> mem.read(Long.MAX_VALUE, b, 0, 16));  // address + length overflows
            assertThrows(GuestAccessException.class, () -> mem.write(Long.MIN_VALUE, b, 0, 16));
            assertThrows(GuestAccessException.class, () -> mem.write(0xFEC00000L, b, 0, 4));  // IOAPIC, not RAM
            assertThrows(IndexOutOfBoundsException.class, () -> mem.read(0, b, 8, 16));  // host array too small
            assertTrue(mem.contains(0, 64 * MIB));
            assertFalse(mem.contains(1, 64 * MIB));
        }
    }

    @Test
    void ramAboveThreeGibContinuesAtFourGibAndTheHoleIsNotRam() {
        long size = 3 * 1024 * MIB + 64 * MIB;
        try (GuestMemory mem = GuestMemory.allocate(RamLayout.of(size))) {
            assertEquals(2, mem.mappings().size());
            assertEquals(RamLayout.HIGH_RAM_START, mem.mappings().get(1).guestAddress());
            assertEquals(64 * MIB, mem.mappings().get(1).size());
            byte[] b = new byte[8];
            assertThrows(GuestAccessException.class, () -> mem.read(RamLayout.LOW_RAM_END, b, 0, 8));
            assertThrows(GuestAccessException.class, () -> mem.read(RamLayout.LOW_RAM_END - 4, b, 0, 8));  // spans into the hole
            assertThrows(GuestAccessException.class, () -> mem.read(RamLayout.HIGH_RAM_START - 4, b, 0, 8));
            mem.writeU32(RamLayout.HIGH_RAM_START, 0x12345678);
            assertEquals(0x12345678, mem.readU32(RamLayout.HIGH_RAM_START));
            assertThrows(GuestAccessException.class, () -> mem.read(RamLayout.HIGH_RAM_START + 64 * MIB - 4, b, 0, 8));
        }
    }

    @Test
    void touchedBytesCountsOnlyPagesThatWereWritten() {
        try (GuestMemory mem = GuestMemory.allocate(RamLayout.of(256 * MIB))) {
            long before = mem.touchedBytes();
            assertEquals(0, before, "a fresh MAP_NORESERVE mapping has no resident pages");
            for (int i = 0; i < 10; i++) {
                mem.write(i * 1_000_000L, new byte[] {1}, 0, 1);
            }
            assertEquals(10 * 4096L, mem.touchedBytes());
        }
    }

    @Test
    void accessAfterCloseIsAnErrorNotACrash() {
        GuestMemory mem = GuestMemory.allocate(RamLayout.of(64 * MIB));
        mem.close();
        mem.close();
        assertThrows(IllegalStateException.class, () -> mem.readU32(0));
    }

    /**
     * The VmFlags line of the smaps entry of this process that holds {@code address} (the
     * kernel may have merged adjacent guest regions into one entry).
     */
    static String vmFlags(long address) throws java.io.IOException {
        boolean in = false;
        for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/smaps"))) {
            if (line.matches("^[0-9a-f]+-[0-9a-f]+ .*")) {
                String[] range = line.substring(0, line.indexOf(' ')).split("-");
                in = Long.compareUnsigned(Long.parseUnsignedLong(range[0], 16), address) <= 0
                        && Long.compareUnsigned(address, Long.parseUnsignedLong(range[1], 16)) < 0;
            } else if (in && line.startsWith("VmFlags:")) {
                return line;
            }
        }
        throw new AssertionError("no mapping holds 0x" + Long.toHexString(address) + " in /proc/self/smaps");
    }

    @Test
    void markMergeableOffersEveryRegionToKsmAndTheMapNamesThem(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp)
            throws Exception {
        // 3.5 GiB + 1 GiB: two regions, below and above the MMIO hole; nothing is committed.
        try (GuestMemory mem = GuestMemory.allocate(RamLayout.of(4608 * MIB))) {
            GuestMemoryMap map = mem.map(ProcessHandle.current().pid());
            assertEquals(2, map.ranges().size());
            assertEquals(4608 * MIB, map.bytes());
            for (GuestMemoryMap.Range r : map.ranges()) {
                assertFalse(vmFlags(r.start()).contains(" mg"), "not mergeable before: " + vmFlags(r.start()));
            }
            mem.markMergeable();
            for (GuestMemoryMap.Range r : map.ranges()) {
                // The kernel's own word for VM_MERGEABLE in smaps.
                assertTrue(vmFlags(r.start()).contains(" mg"), "mergeable after: " + vmFlags(r.start()));
            }
            java.nio.file.Path file = tmp.resolve(GuestMemoryMap.FILE);
            map.write(file);
            assertEquals(map, GuestMemoryMap.read(file));
        }
    }

    @Test
    void aMapFileThatIsNotOneIsRefused(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) throws Exception {
        java.nio.file.Path f = tmp.resolve("guest-memory");
        java.nio.file.Files.writeString(f, "pid 12\n");
        assertThrows(java.io.IOException.class, () -> GuestMemoryMap.read(f));
        java.nio.file.Files.writeString(f, "pid 12\nrange x 4096\n");
        assertThrows(java.io.IOException.class, () -> GuestMemoryMap.read(f));
        assertThrows(java.io.IOException.class, () -> GuestMemoryMap.read(tmp.resolve("missing")));
    }
}
