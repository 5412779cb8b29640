package io.isobench.runtime.vm.devices.virtio.net;

import io.isobench.runtime.vm.FuzzBudget;
import io.isobench.runtime.vm.devices.virtio.ArrayMemory;
import io.isobench.runtime.vm.devices.virtio.MmioTransport;
import io.isobench.runtime.vm.devices.virtio.TestDriver;
import io.isobench.runtime.vm.devices.virtio.TestDriver.Buffer;
import io.isobench.runtime.vm.memory.Bytes;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AddLifecycleHook;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A hostile driver's virtio-net traffic (jqwik, fixed seed and budget; FuzzBudget raises it
 * for the soak), next to NetDeviceFuzzTest's random rings: transmit chains built as
 * virtio_net_hdr + frame with each field made wrong in turn (flags and segmentation types
 * not negotiated, gso_size 0, checksum positions past the frame, frames of 0 to 64 KiB + 1
 * bytes, split over buffers at any point, zero-length and writable buffers, buffers across
 * the memory hole or past its end), receive chains too small, read-only or outside memory,
 * frames from the host with headers the driver did not accept, and a random subset of the
 * offered features negotiated. Whatever it is: no exception escapes, every chain comes back
 * once, only frames the driver laid out leave (byte for byte), a delivered frame arrives
 * byte for byte, and the device writes guest memory only inside receive buffers and the used
 * rings.
 */
@AddLifecycleHook(FuzzBudget.class)
class NetDeviceProperties {
    static final int MEMORY = 0x70000;
    static final long HOLE_START = 0x6F000, HOLE_END = 0x6F040;
    static final int QUEUE = 16;
    static final long RX_USED = 0x3000, TX_USED = 0x6000;

    /** A transmit packet: header fields, frame length, where its buffers are cut, and one thing made wrong. */
    record Tx(int flags, int gso, int gsoSize, int csumStart, int csumOffset, int frameLength, List<Integer> cuts,
              int mutation) {
    }

    /** A receive chain: its buffers' lengths and one thing made wrong. */
    record Rx(List<Long> lengths, int mutation) {
    }

    /** A frame from the host: header flags and gso type (with an offload backend), frame length. */
    record Inbound(int flags, int gso, int length) {
    }

    @Provide
    Arbitrary<Tx> tx() {
        Arbitrary<Integer> flags = Arbitraries.frequencyOf(Tuple.of(6, Arbitraries.just(0)), Tuple.of(3, Arbitraries.just(1)),
                Tuple.of(1, Arbitraries.of(2, 4, 0xFF)));
        Arbitrary<Integer> gso = Arbitraries.frequencyOf(Tuple.of(6, Arbitraries.just(0)), Tuple.of(3, Arbitraries.of(1, 4)),
                Tuple.of(1, Arbitraries.of(3, 5, 0x80, 0x81)));
        Arbitrary<Integer> gsoSize = Arbitraries.of(0, 1, 1448, 0xFFFF);
        Arbitrary<Integer> csumStart = Arbitraries.oneOf(Arbitraries.integers().between(0, 100), Arbitraries.of(1500, 0xFFFF));
        Arbitrary<Integer> csumOffset = Arbitraries.of(6, 16, 0, 0xFFFF);
        Arbitrary<Integer> length = Arbitraries.frequencyOf(Tuple.of(6, Arbitraries.integers().between(14, 1514)),
                Tuple.of(1, Arbitraries.of(0, 1, 13, NetDevice.MAX_FRAME, NetDevice.MAX_FRAME + 1)));
        Arbitrary<List<Integer>> cuts = Arbitraries.integers().between(0, 100).list().ofMaxSize(3);
        Arbitrary<Integer> mutation = Arbitraries.frequencyOf(Tuple.of(8, Arbitraries.just(0)),
                Tuple.of(1, Arbitraries.integers().between(1, 5)));
        return Combinators.combine(flags, gso, gsoSize, csumStart, csumOffset, length, cuts, mutation).as(Tx::new);
    }

    @Provide
    Arbitrary<Rx> rx() {
        Arbitrary<Long> lengths = Arbitraries.frequencyOf(Tuple.of(6, Arbitraries.of(1526L, 800L)),
                Tuple.of(1, Arbitraries.of(0L, 12L, 100L, NetDevice.MAX_FRAME + 12L, 0xFFFF_FFFFL)));
        Arbitrary<Integer> mutation = Arbitraries.frequencyOf(Tuple.of(8, Arbitraries.just(0)),
                Tuple.of(1, Arbitraries.integers().between(1, 4)));
        return Combinators.combine(lengths.list().ofMinSize(1).ofMaxSize(2), mutation).as(Rx::new);
    }

    @Provide
    Arbitrary<Inbound> inbound() {
        return Combinators.combine(Arbitraries.frequencyOf(Tuple.of(4, Arbitraries.just(0)), Tuple.of(1, Arbitraries.of(1, 2, 4))),
                Arbitraries.frequencyOf(Tuple.of(4, Arbitraries.just(0)), Tuple.of(1, Arbitraries.of(1, 4, 3))),
                Arbitraries.frequencyOf(Tuple.of(6, Arbitraries.integers().between(14, 1514)),
                        Tuple.of(1, Arbitraries.of(1, 11, 12, NetDevice.MAX_FRAME)))).as(Inbound::new);
    }

    @Property(tries = 150, seed = "16")
    void hostileTrafficNeverEscapesTheDevice(@ForAll @Size(max = 3) List<@From("tx") Tx> transmits,
                                             @ForAll @Size(max = 3) List<@From("rx") Rx> receives,
                                             @ForAll @Size(max = 3) List<@From("inbound") Inbound> frames,
                                             @ForAll boolean offload, @ForAll long acceptMask) throws Exception {
        ArrayMemory memory = new ArrayMemory(MEMORY, HOLE_START, HOLE_END);
        FrameQueueBackend backend = new FrameQueueBackend(offload);
        NetDevice device = new NetDevice(backend, NetDevice.macFor("198.18.0.6"));
        MmioTransport transport = new MmioTransport(device, memory, () -> { });
        TestDriver rxq = new TestDriver(memory, transport, QUEUE, 0, 0x1000, 0x2000, RX_USED);
        TestDriver txq = new TestDriver(memory, transport, QUEUE, 1, 0x4000, 0x5000, TX_USED);
        TestDriver.initialize(List.of(rxq, txq), acceptMask | 1L << 32);
        memory.logWrites();

        List<byte[]> laidOut = new ArrayList<>();
        for (int n = 0; n < transmits.size(); n++) {
            txq.submit(transmit(memory, transmits.get(n), 0x8000 + 0x11000L * n, laidOut, offload));
        }
        List<List<Buffer>> rxChains = new ArrayList<>();
        for (int n = 0; n < receives.size(); n++) {
            List<Buffer> chain = receive(receives.get(n), 0x40000 + 0x9000L * n);
            rxChains.add(chain);
            rxq.submit(chain);
        }
        List<byte[]> sentByHost = new ArrayList<>();
        for (Inbound f : frames) {
            byte[] frame = new byte[(offload ? NetHeader.SIZE : 0) + f.length()];
            new java.util.Random(f.length()).nextBytes(frame);
            if (offload) {
                Arrays.fill(frame, 0, NetHeader.SIZE, (byte) 0);
                frame[NetHeader.FLAGS] = (byte) f.flags();
                frame[NetHeader.GSO_TYPE] = (byte) f.gso();
            }
            sentByHost.add(frame);
            backend.inbound.add(frame);
        }
        int pending = 0;
        for (int step = 0; step < 2 * frames.size() + 2; step++) {
            pending = device.receiveStep(pending, 0);
        }
        List<long[]> deviceWrites = memory.takeWrites().stream()
                .filter(w -> !(w[0] >= 0x1000 && w[0] < 0x3000) && !(w[0] >= 0x4000 && w[0] < 0x6000)).toList();

        assertEquals(transmits.size(), txq.takeUsed().size(), "every transmit chain comes back once");
        for (byte[] sent : backend.sent()) {
            assertTrue(laidOut.stream().anyMatch(f -> Arrays.equals(f, sent)),
                    "a frame nobody laid out left the VM (" + sent.length + " bytes)");
        }
        List<long[]> rxUsed = rxq.takeUsed();
        assertTrue(rxUsed.size() <= receives.size(), "more receive chains back than given");
        for (long[] u : rxUsed) {
            List<Buffer> chain = rxChains.get(indexOfHead(rxChains, (int) u[0]));
            long writable = chain.stream().filter(Buffer::writable).mapToLong(Buffer::length).sum();
            assertTrue(u[1] <= writable, "used length " + u[1] + " beyond " + writable + " writable bytes");
            if (u[1] > 0 && chain.size() == 1) {
                // A delivered frame arrives byte for byte behind its header.
                byte[] got = Arrays.copyOfRange(memory.bytes, (int) chain.get(0).address() + NetHeader.SIZE,
                        (int) (chain.get(0).address() + u[1]));
                int header = offload ? NetHeader.SIZE : 0;
                assertTrue(sentByHost.stream().anyMatch(f -> Arrays.equals(Arrays.copyOfRange(f, header, f.length), got)),
                        "a delivered frame nobody sent (" + got.length + " bytes)");
            }
        }
        for (long[] w : deviceWrites) {
            boolean inUsedRing = w[0] >= RX_USED && w[0] + w[1] <= RX_USED + 6 + 8L * QUEUE
                    || w[0] >= TX_USED && w[0] + w[1] <= TX_USED + 6 + 8L * QUEUE;
            boolean inAReceiveBuffer = rxChains.stream().flatMap(List::stream)
                    .anyMatch(b -> b.writable() && w[0] >= b.address() && w[0] - b.address() <= b.length() - w[1]);
            assertTrue(inUsedRing || inAReceiveBuffer, "the device wrote " + w[1] + " bytes at 0x"
                    + Long.toHexString(w[0]) + ", in no receive buffer");
        }
        device.close();
    }

    /** Receive chains are submitted in order from descriptor 0, each taking its own number of slots. */
    private static int indexOfHead(List<List<Buffer>> chains, int head) {
        int at = 0;
        for (int i = 0; i < chains.size(); i++) {
            if (at == head) {
                return i;
            }
            at += chains.get(i).size();
        }
        throw new AssertionError("used id " + head + " is no receive chain's head");
    }

    /** Lays out header + frame at {@code base}, cut into buffers; returns the chain (and notes what may leave). */
    private static List<Buffer> transmit(ArrayMemory memory, Tx t, long base, List<byte[]> laidOut, boolean offload) {
        byte[] bytes = new byte[NetHeader.SIZE + t.frameLength()];
        new java.util.Random(t.frameLength()).nextBytes(bytes);
        Arrays.fill(bytes, 0, NetHeader.SIZE, (byte) 0);
        bytes[NetHeader.FLAGS] = (byte) t.flags();
        bytes[NetHeader.GSO_TYPE] = (byte) t.gso();
        Bytes.putU16(bytes, NetHeader.GSO_SIZE, t.gsoSize());
        Bytes.putU16(bytes, NetHeader.CSUM_START, t.csumStart());
        Bytes.putU16(bytes, NetHeader.CSUM_OFFSET, t.csumOffset());
        System.arraycopy(bytes, 0, memory.bytes, (int) base, bytes.length);
        laidOut.add(Arrays.copyOfRange(bytes, offload ? 0 : NetHeader.SIZE, bytes.length));
        List<Integer> cuts = t.cuts().stream().map(c -> c * bytes.length / 100).sorted().toList();
        List<Buffer> chain = new ArrayList<>();
        int from = 0;
        for (int cut : cuts) {
            chain.add(new Buffer(base + from, cut - from, false)); // possibly 0 bytes long
            from = cut;
        }
        chain.add(new Buffer(base + from, bytes.length - from, false));
        return mutate(chain, t.mutation(), false);
    }

    private static List<Buffer> receive(Rx r, long base) {
        List<Buffer> chain = new ArrayList<>();
        long at = base;
        for (long length : r.lengths()) {
            chain.add(new Buffer(at, length, true));
            at += Math.min(length, 0x4000);
        }
        return mutate(chain, r.mutation(), true);
    }

    /** One thing made wrong in a chain: 1 a buffer the wrong way round, 2 into the hole, 3 past memory, 4 past 2^64, 5 a 4 GiB tail. */
    private static List<Buffer> mutate(List<Buffer> chain, int mutation, boolean writable) {
        List<Buffer> out = new ArrayList<>(chain);
        Buffer last = out.get(out.size() - 1);
        switch (mutation) {
            case 1 -> out.set(0, new Buffer(out.get(0).address(), out.get(0).length(), !writable));
            case 2 -> out.set(out.size() - 1, new Buffer(HOLE_START - 4, last.length(), writable));
            case 3 -> out.set(out.size() - 1, new Buffer(MEMORY - 4, last.length(), writable));
            case 4 -> out.set(out.size() - 1, new Buffer(-4L, last.length(), writable));
            case 5 -> out.add(new Buffer(0x100, 0xFFFF_FFFFL, writable));
            default -> { }
        }
        return out;
    }
}
