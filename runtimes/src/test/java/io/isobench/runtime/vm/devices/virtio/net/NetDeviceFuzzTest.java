package io.isobench.runtime.vm.devices.virtio.net;

import io.isobench.runtime.vm.devices.virtio.ArrayMemory;
import io.isobench.runtime.vm.devices.virtio.MmioTransport;
import io.isobench.runtime.vm.devices.virtio.TestDriver;
import io.isobench.runtime.vm.devices.virtio.TestDriver.Buffer;
import io.isobench.runtime.vm.memory.Bytes;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Property test in the style of BlockDeviceFuzzTest: a hostile driver fills both queues'
 * descriptor tables, available rings and packet headers with random (seeded, so a failure
 * reproduces) values while frames of random length arrive from the backend. Whatever it
 * does, the device must not throw, must never read or write outside guest memory (the
 * memory refuses and counts such attempts; each must be handled as a drop), and whatever
 * reaches the backend must be a frame a driver really laid out (no header, no stray bytes).
 */
class NetDeviceFuzzTest {
    static final int MEMORY = 0x40000;
    static final int QUEUE = 16;
    /** A fixed budget: about a second here, the same work on every machine. */
    static final int ROUNDS = 3000;

    @Test
    void randomRingsChainsAndFramesNeverEscapeTheDevice() throws Exception {
        long seed = 20261203L;
        Random random = new Random(seed);
        Map<String, Long> seen = new TreeMap<>();
        long refused = 0;
        int needsReset = 0;
        for (int r = 0; r < ROUNDS; r++) {
            final int round = r;
            ArrayMemory memory = new ArrayMemory(MEMORY);
            // Half the rounds with a backend that carries virtio headers: every offload offered and taken.
            boolean offload = random.nextBoolean();
            FrameQueueBackend backend = new FrameQueueBackend(offload);
            NetDevice device = new NetDevice(backend, NetDevice.macFor("198.18.0.6"));
            MmioTransport transport = new MmioTransport(device, memory, () -> { });
            TestDriver rx = new TestDriver(memory, transport, QUEUE, 0, 0x1000, 0x2000, 0x3000);
            TestDriver tx = new TestDriver(memory, transport, QUEUE, 1, 0x4000, 0x5000, 0x6000);
            TestDriver.initialize(List.of(rx, tx));
            List<byte[]> laidOut = new ArrayList<>();
            final int mode = random.nextInt(3);
            if (mode == 0) {
                chaos(random, tx, memory);
            } else if (mode == 1) {
                chaos(random, rx, memory);
            }
            mutatedTransmits(random, tx, memory, laidOut, offload);
            mutatedReceives(random, rx, memory, backend, device, offload);
            if (random.nextInt(10) == 0) {
                (random.nextBoolean() ? rx : tx).setAvailIndex(random.nextInt(1 << 16)); // a corrupt ring
                device.receiveStep(random.nextInt(1500) + 14, 0);
            }
            if ((transport.status() & 0x40) != 0) {
                needsReset++;
            }
            if (mode != 0) {
                // Without random transmit descriptors, only frames the driver laid out may leave, whole.
                for (byte[] sent : backend.sent()) {
                    assertTrue(laidOut.stream().anyMatch(f -> java.util.Arrays.equals(f, sent)),
                            "round " + round + ": a frame nobody laid out left the VM (" + sent.length + " bytes)");
                }
            }
            device.counters().snapshot().forEach((k, v) -> seen.merge(k, v, Long::sum));
            refused += memory.refused;
            device.close();
        }
        System.out.println("net fuzz (seed " + seed + ", " + ROUNDS + " rounds): " + seen + ", refused accesses "
                + refused + ", rounds ending in DEVICE_NEEDS_RESET " + needsReset);
        // The fuzzer must really reach every path, or it proves nothing.
        for (String reason : List.of("drop.bad_chain", "drop.tx_writable_buffer", "drop.tx_too_short",
                "drop.tx_too_long", "drop.tx_offload_not_negotiated", "drop.rx_read_only_buffer",
                "drop.rx_buffer_too_small", "drop.guest_memory", "drop.tx_bad_header", "drop.rx_offload_not_negotiated")) {
            assertTrue(seen.getOrDefault(reason, 0L) > 0, reason + " never reached: " + seen);
        }
        assertTrue(seen.get("txFrames") > 0 && seen.get("rxFrames") > 0, "no valid frame either way: " + seen);
        assertTrue(refused > 0, "no out-of-memory access was attempted");
        assertTrue(needsReset > 0, "no corrupt ring was detected");
    }

    @Test
    void aCorruptAvailableIndexStopsThatQueueAndAsksForAReset() {
        ArrayMemory memory = new ArrayMemory(MEMORY);
        NetDevice device = new NetDevice(new FrameQueueBackend(), NetDevice.macFor("198.18.0.6"));
        MmioTransport transport = new MmioTransport(device, memory, () -> { });
        TestDriver rx = new TestDriver(memory, transport, QUEUE, 0, 0x1000, 0x2000, 0x3000);
        TestDriver tx = new TestDriver(memory, transport, QUEUE, 1, 0x4000, 0x5000, 0x6000);
        TestDriver.initialize(List.of(rx, tx));
        tx.setAvailIndex(QUEUE + 5);
        assertEquals(0x40, transport.status() & 0x40, "DEVICE_NEEDS_RESET");
        assertEquals(0, tx.takeUsed().size());
        assertEquals(3, transport.read(0x060, 4) & 3, "used + config-change interrupt");
    }

    /** A queue's descriptor table, memory and available ring all random. */
    private static void chaos(Random random, TestDriver q, ArrayMemory memory) {
        for (int i = 0; i < QUEUE; i++) {
            q.writeDescriptor(i, address(random), length(random), random.nextInt(8),
                    random.nextInt(4) == 0 ? random.nextInt(1 << 16) : random.nextInt(QUEUE));
        }
        for (int j = 0; j < 32; j++) {
            int at = 0x8000 + random.nextInt(MEMORY - 0x8000 - 16);
            Bytes.putU64(memory.bytes, at, random.nextInt(3) == 0 ? random.nextLong() : random.nextInt(4));
        }
        int heads = 1 + random.nextInt(QUEUE);
        for (int h = 0; h < heads; h++) {
            q.makeAvailable(random.nextInt(5) == 0 ? random.nextInt(1 << 16) : random.nextInt(QUEUE));
        }
    }

    /** Well-formed transmit chains with one thing at a time made wrong. */
    private static void mutatedTransmits(Random random, TestDriver tx, ArrayMemory memory, List<byte[]> laidOut,
                                         boolean offload) {
        int packets = 1 + random.nextInt(4);
        for (int n = 0; n < packets; n++) {
            long at = 0x10000 + 0x3000L * n;
            int frame = random.nextInt(8) == 0 ? random.nextInt(30) : 14 + random.nextInt(1500);
            byte[] bytes = new byte[NetHeader.SIZE + frame];
            random.nextBytes(bytes);
            bytes[0] = random.nextInt(6) == 0 ? (byte) random.nextInt(8) : 0;
            bytes[1] = random.nextInt(6) == 0 ? (byte) random.nextInt(5) : 0;
            if (random.nextBoolean()) {
                bytes[7] = bytes[9] = 0; // csum_start and csum_offset below 256: often inside the frame
            }
            memory.write(at, bytes, 0, bytes.length);
            // With headers the backend gets them too; without, only the frame.
            laidOut.add(java.util.Arrays.copyOfRange(bytes, offload ? 0 : NetHeader.SIZE, bytes.length));
            List<Buffer> chain = new ArrayList<>();
            int split = random.nextInt(bytes.length + 1);
            chain.add(new Buffer(at, split, random.nextInt(20) == 0));
            long rest = random.nextInt(25) == 0 ? NetDevice.MAX_FRAME + random.nextInt(100) : bytes.length - split;
            chain.add(new Buffer(random.nextInt(12) == 0 ? outside(random) : at + split, rest, random.nextInt(20) == 0));
            tx.submit(chain);
        }
    }

    /** Receive buffers with one thing at a time made wrong, and frames from the backend to fill them. */
    private static void mutatedReceives(Random random, TestDriver rx, ArrayMemory memory, FrameQueueBackend backend,
                                        NetDevice device, boolean offload) {
        int buffers = random.nextInt(4);
        for (int n = 0; n < buffers; n++) {
            long at = 0x20000 + 0x800L * n;
            long len = random.nextInt(8) == 0 ? random.nextInt(100) : 1526;
            rx.submit(List.of(new Buffer(random.nextInt(12) == 0 ? address(random) : at, len,
                    random.nextInt(15) != 0)));
        }
        int frames = random.nextInt(4);
        for (int n = 0; n < frames; n++) {
            byte[] f = new byte[(offload ? NetHeader.SIZE : 0) + 14 + random.nextInt(1500)];
            random.nextBytes(f);
            if (offload && random.nextInt(3) != 0) {
                f[0] = (byte) random.nextInt(3);  // none, NEEDS_CSUM or DATA_VALID
                f[1] = (byte) new int[] {0, 1, 4}[random.nextInt(3)];
            }
            backend.inbound.add(f);
        }
        int pending = 0;
        for (int step = 0; step < 2 * frames + 1; step++) {
            pending = device.receiveStep(pending, 0);
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

    /** An address whose buffer cannot lie wholly inside guest memory. */
    private static long outside(Random r) {
        return switch (r.nextInt(3)) {
            case 0 -> MEMORY + (r.nextLong() >>> 1);
            case 1 -> MEMORY + r.nextInt(8); // just past the end
            default -> -r.nextInt(4096) - 1L;
        };
    }

    private static long length(Random r) {
        return switch (r.nextInt(5)) {
            case 0 -> r.nextInt() & 0xffffffffL;
            case 1 -> 1514;
            case 2 -> 12;
            case 3 -> 1;
            default -> r.nextInt(8192);
        };
    }
}
