package io.isobench.runtime.vm.devices.virtio.net;

import io.isobench.runtime.vm.devices.virtio.ArrayMemory;
import io.isobench.runtime.vm.devices.virtio.MmioTransport;
import io.isobench.runtime.vm.devices.virtio.TestDriver;
import io.isobench.runtime.vm.devices.virtio.TestDriver.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The virtio-net device against a driver that programs it through the real MMIO transport
 * (as Linux's virtio_mmio does) and an in-memory backend: negotiation, both directions byte
 * for byte, a frame waiting for a receive buffer, and every drop reason a driver can cause.
 */
class NetDeviceTest {
    static final int MEMORY = 0x40000;
    static final int QUEUE = 16;
    // Register offsets (virtio 1.2, 4.2.2): device id, features, features select, config space.
    static final int DEVICE_ID = 0x008, DEVICE_FEATURES = 0x010, DEVICE_FEATURES_SEL = 0x014, CONFIG = 0x100;

    final ArrayMemory memory = new ArrayMemory(MEMORY);
    final FrameQueueBackend backend = new FrameQueueBackend();
    final AtomicInteger interrupts = new AtomicInteger();
    NetDevice device;
    MmioTransport transport;
    TestDriver rx;
    TestDriver tx;

    @BeforeEach
    void start() {
        device = new NetDevice(backend, NetDevice.macFor("198.18.0.2"));
        transport = new MmioTransport(device, memory, interrupts::incrementAndGet);
        rx = new TestDriver(memory, transport, QUEUE, 0, 0x1000, 0x2000, 0x3000);
        tx = new TestDriver(memory, transport, QUEUE, 1, 0x4000, 0x5000, 0x6000);
        TestDriver.initialize(List.of(rx, tx));
    }

    @AfterEach
    void stop() throws InterruptedException {
        device.close();
    }

    @Test
    void offersTheMacFeatureAndVersion1OnlyAndShowsTheMacInTheConfigSpace() {
        assertEquals(1, transport.read(DEVICE_ID, 4), "device type 1 = network card");
        transport.write(DEVICE_FEATURES_SEL, 4, 0);
        assertEquals(1L << 5, transport.read(DEVICE_FEATURES, 4), "VIRTIO_NET_F_MAC only");
        transport.write(DEVICE_FEATURES_SEL, 4, 1);
        assertEquals(1L, transport.read(DEVICE_FEATURES, 4), "VIRTIO_F_VERSION_1");
        byte[] mac = new byte[6];
        for (int i = 0; i < 6; i++) {
            mac[i] = (byte) transport.read(CONFIG + i, 1);
        }
        assertArrayEquals(new byte[] {0x02, 0x49, (byte) 198, 18, 0, 2}, mac);
        assertEquals(4, transport.status() & 4, "the driver got to DRIVER_OK");
    }

    @Test
    void framesTheGuestSendsReachTheBackendWithoutTheirHeaderWhateverTheLayout() {
        byte[] a = frame(60, 1);
        byte[] b = frame(1514, 2);
        // a: header in its own buffer, the frame split over two (Linux's layout without any_layout)
        put(0x10000, new byte[NetHeader.SIZE]);
        put(0x11000, Arrays.copyOfRange(a, 0, 20));
        put(0x12000, Arrays.copyOfRange(a, 20, 60));
        int headA = tx.submit(List.of(new Buffer(0x10000, 12, false), new Buffer(0x11000, 20, false),
                new Buffer(0x12000, 40, false)));
        // b: header and frame in one buffer (what virtio 1.x drivers usually do)
        byte[] both = new byte[NetHeader.SIZE + b.length];
        System.arraycopy(b, 0, both, NetHeader.SIZE, b.length);
        put(0x14000, both);
        int headB = tx.submit(List.of(new Buffer(0x14000, both.length, false)));

        assertEquals(2, backend.sent().size());
        assertArrayEquals(a, backend.sent().get(0));
        assertArrayEquals(b, backend.sent().get(1));
        List<long[]> used = tx.takeUsed();
        assertEquals(List.of(headA + ":0", headB + ":0"), used.stream().map(u -> u[0] + ":" + u[1]).toList());
        assertEquals(2, device.counters().txFrames());
        assertEquals(60 + 1514, device.counters().txBytes());
        assertTrue(interrupts.get() > 0, "the driver is told its buffers are back");
    }

    @Test
    void aFrameFromTheBackendLandsInAReceiveBufferBehindAHeaderWithNumBuffersOne() {
        byte[] f = frame(100, 3);
        int head = rx.submit(List.of(new Buffer(0x20000, 1526, true)));
        backend.inbound.add(f);
        int pending = device.receiveStep(0, 1000);
        assertEquals(100, pending);
        assertEquals(0, device.receiveStep(pending, 0));

        byte[] header = Arrays.copyOfRange(memory.bytes, 0x20000, 0x20000 + 12);
        byte[] expected = new byte[12];
        expected[10] = 1; // num_buffers, le16
        assertArrayEquals(expected, header);
        assertArrayEquals(f, Arrays.copyOfRange(memory.bytes, 0x20000 + 12, 0x20000 + 112));
        List<long[]> used = rx.takeUsed();
        assertEquals(1, used.size());
        assertEquals(head, used.get(0)[0]);
        assertEquals(112, used.get(0)[1], "header + frame");
        assertEquals(1, device.counters().rxFrames());
    }

    @Test
    void aFrameSplitAcrossSeveralReceiveBuffersIsWrittenInOrder() {
        byte[] f = frame(300, 4);
        rx.submit(List.of(new Buffer(0x20000, 12, true), new Buffer(0x21000, 100, true),
                new Buffer(0x22000, 1000, true)));
        backend.inbound.add(f);
        assertEquals(0, device.receiveStep(device.receiveStep(0, 1000), 0));
        assertArrayEquals(Arrays.copyOfRange(f, 0, 100), Arrays.copyOfRange(memory.bytes, 0x21000, 0x21000 + 100));
        assertArrayEquals(Arrays.copyOfRange(f, 100, 300), Arrays.copyOfRange(memory.bytes, 0x22000, 0x22000 + 200));
        assertEquals(312, rx.takeUsed().get(0)[1]);
    }

    @Test
    void aFrameWaitsForAReceiveBufferInsteadOfBeingDropped() {
        byte[] f = frame(80, 5);
        backend.inbound.add(f);
        int pending = device.receiveStep(0, 1000);
        assertEquals(80, device.receiveStep(pending, 0), "no buffer yet: still pending");
        assertEquals(80, device.receiveStep(pending, 0));
        rx.submit(List.of(new Buffer(0x20000, 1526, true)));
        assertEquals(0, device.receiveStep(pending, 0));
        assertArrayEquals(f, Arrays.copyOfRange(memory.bytes, 0x20000 + 12, 0x20000 + 12 + 80));
        assertEquals(Long.valueOf(0), device.counters().snapshot().keySet().stream()
                .filter(k -> k.startsWith("drop.")).count(), "nothing dropped");
    }

    @Test
    void theReceiveThreadDeliversOnItsOwnAndStopsOnClose() throws Exception {
        device.start();
        rx.submit(List.of(new Buffer(0x20000, 1526, true)));
        byte[] f = frame(64, 6);
        backend.inbound.add(f);
        long deadline = System.nanoTime() + 10_000_000_000L;
        List<long[]> used = List.of();
        while (used.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(5);
            used = rx.takeUsed();
        }
        assertEquals(1, used.size(), "the frame arrived");
        assertArrayEquals(f, Arrays.copyOfRange(memory.bytes, 0x20000 + 12, 0x20000 + 12 + 64));
        device.close();
        assertFalse(Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.getName().equals("virtio-net-rx") && t.isAlive()), "receive thread ended");
    }

    @Test
    void eachMalformedTransmitChainIsDroppedUnderItsReasonAndReturned() {
        byte[] ok = new byte[NetHeader.SIZE + 60];
        put(0x10000, ok);
        // a device-writable buffer in a transmit chain
        tx.submit(List.of(new Buffer(0x10000, 72, true)));
        // shorter than header + Ethernet header
        tx.submit(List.of(new Buffer(0x10000, 20, false)));
        // longer than any frame
        tx.submit(List.of(new Buffer(0x10000, 12, false), new Buffer(0x11000, NetDevice.MAX_FRAME + 1, false)));
        // checksum offload asked for, never negotiated
        byte[] csum = ok.clone();
        csum[0] = 1;
        put(0x18000, csum);
        tx.submit(List.of(new Buffer(0x18000, csum.length, false)));
        byte[] tso = ok.clone();
        tso[1] = 1; // VIRTIO_NET_HDR_GSO_TCPV4
        put(0x19000, tso);
        tx.submit(List.of(new Buffer(0x19000, tso.length, false)));
        // outside guest memory, and an address that overflows 64 bits
        tx.submit(List.of(new Buffer(MEMORY - 10, 72, false)));
        tx.submit(List.of(new Buffer(0x10000, 12, false), new Buffer(0xFFFF_FFFF_FFFF_FFF0L, 60, false)));
        // a chain that loops: descriptor 8 points at itself
        tx.writeDescriptor(8, 0x10000, 72, 1, 8);
        tx.makeAvailable(8);

        NetCounters c = device.counters();
        assertEquals(1, c.drops(DropReason.TX_WRITABLE_BUFFER));
        assertEquals(1, c.drops(DropReason.TX_TOO_SHORT));
        assertEquals(1, c.drops(DropReason.TX_TOO_LONG));
        assertEquals(2, c.drops(DropReason.TX_OFFLOAD_NOT_NEGOTIATED));
        assertEquals(2, c.drops(DropReason.GUEST_MEMORY));
        assertEquals(1, c.drops(DropReason.BAD_CHAIN));
        assertTrue(memory.refused > 0, "the out-of-memory buffer was refused at the memory's edge");
        assertEquals(0, backend.sent().size(), "nothing malformed left the VM");
        assertEquals(8, tx.takeUsed().size(), "every chain went back to the driver");

        // and the device still works
        put(0x1A000, ok);
        tx.submit(List.of(new Buffer(0x1A000, ok.length, false)));
        assertEquals(1, backend.sent().size());
    }

    @Test
    void eachUnusableReceiveChainDropsThatFrameUnderItsReasonAndReturnsTheChain() {
        rx.submit(List.of(new Buffer(0x20000, 1526, false)));          // read-only
        rx.submit(List.of(new Buffer(0x21000, 50, true)));             // too small for 12 + 100
        rx.submit(List.of(new Buffer(MEMORY - 20, 1526, true)));       // outside guest memory
        rx.submit(List.of(new Buffer(0x22000, 1526, true)));           // fine
        for (int i = 0; i < 4; i++) {
            backend.inbound.add(frame(100, 10 + i));
        }
        for (int i = 0; i < 4; i++) {
            assertEquals(0, device.receiveStep(device.receiveStep(0, 1000), 0));
        }
        NetCounters c = device.counters();
        assertEquals(1, c.drops(DropReason.RX_READ_ONLY_BUFFER));
        assertEquals(1, c.drops(DropReason.RX_BUFFER_TOO_SMALL));
        assertEquals(1, c.drops(DropReason.GUEST_MEMORY));
        assertEquals(1, c.rxFrames());
        List<long[]> used = rx.takeUsed();
        assertEquals(List.of(0L, 0L, 0L, 112L), used.stream().map(u -> u[1]).toList());
    }

    @Test
    void nothingIsProcessedAfterAResetUntilTheDriverIsReadyAgain() {
        transport.write(0x070, 4, 0); // status 0: reset
        backend.inbound.add(frame(60, 20));
        int pending = device.receiveStep(0, 1000);
        assertEquals(60, device.receiveStep(pending, 0), "held, not delivered nor dropped");
        TestDriver rx2 = new TestDriver(memory, transport, QUEUE, 0, 0x7000, 0x8000, 0x9000);
        TestDriver tx2 = new TestDriver(memory, transport, QUEUE, 1, 0xA000, 0xB000, 0xC000);
        TestDriver.initialize(List.of(rx2, tx2));
        rx2.submit(List.of(new Buffer(0x20000, 1526, true)));
        assertEquals(0, device.receiveStep(pending, 0));
        assertEquals(1, rx2.takeUsed().size());
    }

    @Test
    void noInterruptWhileTheDriverAsksForNoneAndOneAgainOnceItDoesNot() {
        put(0x10000, new byte[NetHeader.SIZE + 60]);
        memory.writeU16(tx.avail, 1); // VIRTQ_AVAIL_F_NO_INTERRUPT, as NAPI sets it while polling
        int before = interrupts.get();
        tx.submit(List.of(new Buffer(0x10000, 72, false)));
        assertEquals(1, tx.takeUsed().size(), "the buffer is back all the same");
        assertEquals(before, interrupts.get(), "but no interrupt");
        assertEquals(1, device.counters().interruptsSuppressed());
        memory.writeU16(tx.avail, 0);
        tx.submit(List.of(new Buffer(0x10000, 72, false)));
        assertEquals(before + 1, interrupts.get());

        memory.writeU16(rx.avail, 1);
        rx.submit(List.of(new Buffer(0x20000, 1526, true)));
        backend.inbound.add(frame(60, 40));
        assertEquals(0, device.receiveStep(device.receiveStep(0, 1000), 0));
        assertEquals(before + 1, interrupts.get(), "receive follows the receive queue's flag");
        assertEquals(1, rx.takeUsed().size());
        assertEquals(2, device.counters().interruptsSuppressed());
    }

    @Test
    void withABackendThatCarriesHeadersTheOffloadsAreOfferedAndTheBackendToldWhatTheDriverTook() throws Exception {
        Offloaded o = new Offloaded();
        o.transport.write(DEVICE_FEATURES_SEL, 4, 0);
        assertEquals(0x1 | 0x2 | 0x20 | 0x80 | 0x100 | 0x800 | 0x1000, o.transport.read(DEVICE_FEATURES, 4),
                "CSUM, GUEST_CSUM, MAC, GUEST_TSO4, GUEST_TSO6, HOST_TSO4, HOST_TSO6");
        assertArrayEquals(new boolean[] {true, true, true}, o.backend.accepted);
        assertEquals("csum,guest-csum,guest-tso4,guest-tso6,tso4,tso6", o.device.offloadsInEffect());
        o.transport.write(0x070, 4, 0); // reset
        assertArrayEquals(new boolean[] {false, false, false}, o.backend.accepted, "no offload after a reset");
        // ... but the trial still says which data path it measured: a guest resets the device
        // as it shuts down, before the monitor writes its report (seen in CI's rig run).
        assertEquals("csum,guest-csum,guest-tso4,guest-tso6,tso4,tso6", o.device.offloadsInEffect());
        assertEquals("none", device.offloadsInEffect(), "a plain backend offers none");
        o.device.close();
    }

    @Test
    void aSegmentationOffloadFramePassesToTheBackendWithItsHeader() throws Exception {
        Offloaded o = new Offloaded();
        byte[] f = frame(9000, 30);
        byte[] chain = new byte[NetHeader.SIZE + f.length];
        chain[0] = NetHeader.F_NEEDS_CSUM;
        chain[1] = NetHeader.GSO_TCPV4;
        chain[4] = (byte) 0xa8; chain[5] = 0x05;      // gso_size 1448
        chain[6] = 34;                                  // csum_start: Ethernet + IPv4 header
        chain[8] = 16;                                  // csum_offset: TCP checksum
        System.arraycopy(f, 0, chain, NetHeader.SIZE, f.length);
        o.memory.write(0x10000, chain, 0, chain.length);
        o.tx.submit(List.of(new Buffer(0x10000, chain.length, false)));
        assertEquals(1, o.backend.sent().size());
        assertArrayEquals(chain, o.backend.sent().get(0), "header and frame, unchanged");
        assertEquals(9000, o.device.counters().txBytes(), "bytes count the frame only");
        o.device.close();
    }

    @Test
    void transmitHeadersThatMakeNoSenseAreDroppedEvenWithOffloads() throws Exception {
        Offloaded o = new Offloaded();
        byte[][] headers = {
            {1, 0, 0, 0, 0, 0, (byte) 200, 0, 16, 0, 0, 0},   // checksum past the end of a 100-byte frame
            {1, 1, 0, 0, 0, 0, 34, 0, 16, 0, 0, 0},           // TSO with gso_size 0
            {1, 3, 0, 0, (byte) 0xa8, 5, 34, 0, 6, 0, 0, 0},  // UDP fragmentation: not offered
            {1, (byte) 0x81, 0, 0, (byte) 0xa8, 5, 34, 0, 16, 0, 0, 0}, // TSO with ECN: not offered
            {4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0},             // an unknown flag
        };
        for (int i = 0; i < headers.length; i++) {
            byte[] chain = new byte[NetHeader.SIZE + 100];
            System.arraycopy(headers[i], 0, chain, 0, NetHeader.SIZE);
            o.memory.write(0x10000 + 0x1000L * i, chain, 0, chain.length);
            o.tx.submit(List.of(new Buffer(0x10000 + 0x1000L * i, chain.length, false)));
        }
        assertEquals(2, o.device.counters().drops(DropReason.TX_BAD_HEADER));
        assertEquals(3, o.device.counters().drops(DropReason.TX_OFFLOAD_NOT_NEGOTIATED));
        assertEquals(0, o.backend.sent().size());
        o.device.close();
    }

    @Test
    void aReceivedFrameKeepsTheTapsHeaderWithNumBuffersOne() throws Exception {
        Offloaded o = new Offloaded();
        byte[] fromTap = new byte[NetHeader.SIZE + 3000];
        new Random(31).nextBytes(fromTap);
        byte[] tapHeader = {1, 1, 54, 0, (byte) 0xa8, 5, 34, 0, 16, 0, 0x77, 0x77};
        System.arraycopy(tapHeader, 0, fromTap, 0, NetHeader.SIZE);
        o.rx.submit(List.of(new Buffer(0x20000, 12, true), new Buffer(0x21000, 4096, true)));
        o.backend.inbound.add(fromTap);
        assertEquals(0, o.device.receiveStep(o.device.receiveStep(0, 1000), 0));
        byte[] expected = tapHeader.clone();
        expected[10] = 1;
        expected[11] = 0;
        assertArrayEquals(expected, Arrays.copyOfRange(o.memory.bytes, 0x20000, 0x20000 + 12));
        assertArrayEquals(Arrays.copyOfRange(fromTap, 12, fromTap.length),
                Arrays.copyOfRange(o.memory.bytes, 0x21000, 0x21000 + 3000));
        assertEquals(3012, o.rx.takeUsed().get(0)[1]);
        o.device.close();
    }

    @Test
    void receiveHeadersAreCheckedAgainstWhatTheDriverAccepted() throws Exception {
        byte[] valid = {2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}; // DATA_VALID
        assertEquals(0, NetHeader.forReceive(valid, 0)[0], "DATA_VALID is cleared without GUEST_CSUM");
        assertEquals(2, NetHeader.forReceive(valid, NetDevice.F_GUEST_CSUM)[0]);
        byte[] partial = {1, 0, 0, 0, 0, 0, 34, 0, 16, 0, 0, 0};
        assertEquals(DropReason.RX_OFFLOAD_NOT_NEGOTIATED,
                org.junit.jupiter.api.Assertions.assertThrows(Dropped.class, () -> NetHeader.forReceive(partial, 0)).reason());
        byte[] tso6 = {1, 4, 0, 0, (byte) 0xa8, 5, 54, 0, 16, 0, 0, 0};
        assertEquals(DropReason.RX_OFFLOAD_NOT_NEGOTIATED, org.junit.jupiter.api.Assertions.assertThrows(Dropped.class,
                () -> NetHeader.forReceive(tso6, NetDevice.F_GUEST_CSUM | NetDevice.F_GUEST_TSO4)).reason());
    }

    /** A second device on a backend that carries virtio headers, its driver accepting every offload. */
    private static final class Offloaded {
        final ArrayMemory memory = new ArrayMemory(MEMORY);
        final FrameQueueBackend backend = new FrameQueueBackend(true);
        final NetDevice device = new NetDevice(backend, NetDevice.macFor("198.18.0.2"));
        final MmioTransport transport = new MmioTransport(device, memory, () -> { });
        final TestDriver rx = new TestDriver(memory, transport, QUEUE, 0, 0x1000, 0x2000, 0x3000);
        final TestDriver tx = new TestDriver(memory, transport, QUEUE, 1, 0x4000, 0x5000, 0x6000);

        Offloaded() {
            TestDriver.initialize(List.of(rx, tx));
        }
    }

    static byte[] frame(int length, long seed) {
        byte[] f = new byte[length];
        new Random(seed).nextBytes(f);
        f[0] = 0x02; // a unicast destination
        return f;
    }

    private void put(long address, byte[] bytes) {
        memory.write(address, bytes, 0, bytes.length);
    }
}
