package io.isobench.runtime.vm.devices.virtio.block;

import io.isobench.runtime.vm.memory.Bytes;
import io.isobench.runtime.vm.devices.virtio.ArrayMemory;
import io.isobench.runtime.vm.devices.virtio.MmioTransport;
import io.isobench.runtime.vm.devices.virtio.TestDriver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Property test: a hostile driver fills the descriptor table, the available ring and the
 * request headers with random (but seeded, so failures reproduce) values. Whatever it
 * does, the device must not throw, must not hang, must never read or write outside guest
 * memory (the memory refuses and counts such attempts; every refusal must be handled), and
 * a read-only disk must come out unchanged.
 */
class BlockDeviceFuzzTest {
    static final int MEMORY = 0x40000;
    static final int QUEUE = 16;

    @TempDir
    Path dir;

    @Test
    void randomDescriptorTablesAndRequestsNeverEscapeTheDevice() throws Exception {
        Path disk = dir.resolve("disk.img");
        byte[] original = new byte[64 * 1024];
        new Random(1).nextBytes(original);
        Files.write(disk, original);
        long seed = 20261123L;
        Random random = new Random(seed);
        int rounds = 3000;
        java.util.Map<String, Long> seen = new java.util.TreeMap<>();
        long refused = 0;
        try (BlockBackend backend = BlockBackend.open(disk, true, false)) {
            for (int round = 0; round < rounds; round++) {
                BlockDevice device = new BlockDevice(backend, "fuzz");
                ArrayMemory memory = new ArrayMemory(MEMORY);
                MmioTransport transport = new MmioTransport(device, memory, () -> { });
                TestDriver driver = new TestDriver(memory, transport, QUEUE);
                driver.initialize();
                if (random.nextBoolean()) {
                    chaos(random, driver, memory);
                } else {
                    mutatedRequests(random, driver, memory);
                }
                if (random.nextInt(10) == 0) {
                    driver.setAvailIndex(random.nextInt(1 << 16)); // a corrupt ring
                }
                device.counters().snapshot().forEach((k, v) -> seen.merge(k, v, Long::sum));
                refused += memory.refused;
            }
        }
        // The fuzzer must really reach the interesting paths, or it proves nothing.
        System.out.println("fuzz (seed " + seed + "): " + seen + ", refused accesses " + refused);
        for (String reason : java.util.List.of("error.bad_chain", "error.bad_header", "error.bad_status_descriptor",
                "error.out_of_range", "error.guest_memory", "error.unsupported_type", "error.read_only")) {
            assertTrue(seen.getOrDefault(reason, 0L) > 0, reason + " never reached: " + seen);
        }
        assertTrue(seen.get("reads") > 0, "no valid read was generated: " + seen);
        assertTrue(refused > 0, "no out-of-memory access was attempted");
        assertArrayEquals(original, Files.readAllBytes(disk), "a read-only disk is never written");
    }

    @Test
    void corruptAvailableIndexStopsTheQueueAndAsksForReset() throws Exception {
        Path disk = dir.resolve("d.img");
        Files.write(disk, new byte[4096]);
        try (BlockBackend backend = BlockBackend.open(disk, false, false)) {
            ArrayMemory memory = new ArrayMemory(MEMORY);
            MmioTransport transport = new MmioTransport(new BlockDevice(backend, "x"), memory, () -> { });
            TestDriver driver = new TestDriver(memory, transport, QUEUE);
            driver.initialize();
            driver.setAvailIndex(QUEUE + 5);
            assertEquals(0x40, transport.status() & 0x40, "DEVICE_NEEDS_RESET");
            assertEquals(0, driver.takeUsed().size());
            assertEquals(3, transport.read(0x060, 4) & 3, "used + config-change interrupt");
        }
    }

    /** Descriptor table, headers and available ring all random. */
    private static void chaos(Random random, TestDriver driver, ArrayMemory memory) {
        for (int i = 0; i < QUEUE; i++) {
            driver.writeDescriptor(i, address(random), length(random), random.nextInt(8),
                    random.nextInt(4) == 0 ? random.nextInt(1 << 16) : random.nextInt(QUEUE));
        }
        for (int j = 0; j < 32; j++) {
            int at = random.nextInt(MEMORY - 16);
            Bytes.putU32(memory.bytes, at, random.nextInt(3) == 0 ? random.nextInt() : random.nextInt(9));
            Bytes.putU64(memory.bytes, at + 8, random.nextInt(3) == 0 ? random.nextLong() : random.nextInt(256));
        }
        int heads = 1 + random.nextInt(QUEUE);
        for (int h = 0; h < heads; h++) {
            // makeAvailable notifies, so the device runs here; it must not throw.
            driver.makeAvailable(random.nextInt(5) == 0 ? random.nextInt(1 << 16) : random.nextInt(QUEUE));
        }
    }

    /**
     * Well-formed requests (header | data | status) with one field at a time made wrong, so
     * the checks past the chain's shape (range, direction, type, read-only) are reached.
     */
    private static void mutatedRequests(Random random, TestDriver driver, ArrayMemory memory) {
        int requests = 1 + random.nextInt(4);
        for (int n = 0; n < requests; n++) {
            long header = 0x8000 + 0x100L * n;
            Bytes.putU32(memory.bytes, (int) header, new int[] {0, 0, 1, 4, 8, 3}[random.nextInt(6)]);
            Bytes.putU64(memory.bytes, (int) header + 8,
                    random.nextInt(4) == 0 ? random.nextLong() : random.nextInt(160));
            var chain = new java.util.ArrayList<TestDriver.Buffer>();
            chain.add(new TestDriver.Buffer(header, 16, random.nextInt(20) == 0));
            int segments = random.nextInt(3);
            for (int k = 0; k < segments; k++) {
                long len = random.nextInt(10) == 0 ? random.nextInt(1000) : 512L * (1 + random.nextInt(8));
                chain.add(new TestDriver.Buffer(random.nextInt(10) == 0 ? address(random) : 0x10000 + 0x2000L * k,
                        len, random.nextInt(10) != 0));
            }
            chain.add(new TestDriver.Buffer(random.nextInt(20) == 0 ? address(random) : header + 0x80, 1,
                    random.nextInt(20) != 0));
            driver.submit(chain);
        }
    }

    private static long address(Random r) {
        return switch (r.nextInt(6)) {
            case 0 -> r.nextLong();
            case 1 -> MEMORY - r.nextInt(64);
            case 2 -> -r.nextInt(4096) - 1L;
            default -> r.nextInt(MEMORY);
        };
    }

    private static long length(Random r) {
        return switch (r.nextInt(5)) {
            case 0 -> r.nextInt() & 0xffffffffL;
            case 1 -> 512L * r.nextInt(64);
            case 2 -> 16;
            case 3 -> 1;
            default -> r.nextInt(8192);
        };
    }
}
