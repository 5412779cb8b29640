package io.isobench.runtime.vm.devices.virtio.block;

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
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A hostile driver's virtio-blk requests (jqwik, fixed seed and budget; FuzzBudget raises it
 * for the soak), built as header | data... | status with every part made wrong in turn:
 * types that do not exist, sectors at and past the end of the disk (up to 2^64), data
 * lengths of 0, 1, 511 bytes, 4 GiB or just past the 32 MiB bound, buffers the wrong way
 * round, buffers across the memory hole, past the end of memory or wrapping past 2^64.
 * BlockDeviceFuzzTest throws random bytes at the rings; this builds chains the parser must
 * read to the end. Whatever the requests, no exception escapes, every chain comes back once,
 * the device writes guest memory only inside the writable buffers it was given and the used
 * ring, a request it answers OK really was valid, and the disk changes only where a valid
 * write said (a read-only disk not at all).
 */
@AddLifecycleHook(FuzzBudget.class)
class BlockDeviceProperties {
    static final int MEMORY = 0x40000;
    static final long HOLE_START = 0x30000, HOLE_END = 0x30040;
    static final int QUEUE = 64;
    static final int SECTORS = 128;
    static final long DESC = 0x1000, AVAIL = 0x2000, USED = 0x3000;
    private static Path disk;

    /** One part of a request: where it goes (0 = where it belongs; else a hostile place), its length, its direction flipped. */
    record Part(int where, long length, boolean flip) {
    }

    record Request(long type, long sector, Part header, List<Part> data, Part status) {
    }

    @BeforeContainer
    static void disk() throws IOException {
        disk = Files.createTempFile("isobench-fuzz-blk-", ".img");
    }

    @AfterContainer
    static void removeDisk() throws IOException {
        Files.deleteIfExists(disk);
    }

    @Provide
    Arbitrary<Request> request() {
        Arbitrary<Long> types = Arbitraries.frequencyOf(Tuple.of(8, Arbitraries.of(0L, 1L, 4L, 8L)),
                Tuple.of(1, Arbitraries.longs().between(0, 0xFFFF_FFFFL)));
        Arbitrary<Long> sectors = Arbitraries.oneOf(Arbitraries.longs().between(0, SECTORS + 8),
                Arbitraries.of(SECTORS - 1L, (long) SECTORS, 1L << 55, Long.MAX_VALUE, -1L, Long.MIN_VALUE));
        Arbitrary<Part> header = part(Arbitraries.frequencyOf(Tuple.of(8, Arbitraries.just(16L)),
                Tuple.of(1, Arbitraries.of(0L, 15L, 17L, 0xFFFF_FFFFL))));
        Arbitrary<Part> data = part(Arbitraries.frequencyOf(Tuple.of(8, Arbitraries.of(512L, 1024L, 4096L)),
                Tuple.of(1, Arbitraries.of(0L, 1L, 511L, 0xFFFF_FFFFL, BlockRequest.MAX_DATA, BlockRequest.MAX_DATA + 512))));
        Arbitrary<Part> status = part(Arbitraries.frequencyOf(Tuple.of(8, Arbitraries.just(1L)),
                Tuple.of(1, Arbitraries.of(0L, 2L, 0xFFFF_FFFFL))));
        return Combinators.combine(types, sectors, header, data.list().ofMaxSize(3), status).as(Request::new);
    }

    private static Arbitrary<Part> part(Arbitrary<Long> lengths) {
        Arbitrary<Integer> where = Arbitraries.frequencyOf(Tuple.of(12, Arbitraries.just(0)),
                Tuple.of(1, Arbitraries.integers().between(1, 5)));
        Arbitrary<Boolean> flip = Arbitraries.frequencyOf(Tuple.of(12, Arbitraries.just(false)), Tuple.of(1, Arbitraries.just(true)));
        return Combinators.combine(where, lengths, flip).as(Part::new);
    }

    @Property(tries = 150, seed = "16")
    void hostileRequestsAreAnsweredAndTouchOnlyWhatTheyMay(@ForAll @Size(min = 1, max = 8) List<@From("request") Request> requests,
                                                          @ForAll boolean readOnly) throws IOException {
        byte[] original = new byte[SECTORS * 512];
        new java.util.Random(requests.size()).nextBytes(original);
        Files.write(disk, original);
        ArrayMemory memory = new ArrayMemory(MEMORY, HOLE_START, HOLE_END);
        List<List<Buffer>> chains = new ArrayList<>();
        try (BlockBackend backend = BlockBackend.open(disk, readOnly, false)) {
            BlockDevice device = new BlockDevice(backend, "fuzz-serial-0123456789");
            MmioTransport transport = new MmioTransport(device, memory, () -> { });
            TestDriver driver = new TestDriver(memory, transport, QUEUE, 0, DESC, AVAIL, USED);
            driver.initialize();
            memory.logWrites();
            Map<Integer, Integer> heads = new HashMap<>();
            for (int n = 0; n < requests.size(); n++) {
                List<Buffer> chain = layOut(memory, requests.get(n), 0x8000 + 0x4000L * n);
                chains.add(chain);
                heads.put(driver.submit(chain), n); // the device runs here, on the notify
            }
            List<long[]> deviceWrites = memory.takeWrites().stream()
                    .filter(w -> !(w[0] >= AVAIL && w[0] < AVAIL + 0x1000) && !(w[0] >= DESC && w[0] < DESC + 0x1000))
                    .toList(); // the driver's own descriptor and available-ring writes
            List<long[]> used = driver.takeUsed();
            assertEquals(requests.size(), used.size(), "every chain comes back once");
            for (long[] u : used) {
                Integer n = heads.remove((int) u[0]);
                assertTrue(n != null, "used id " + u[0] + " was no pending head");
                long writable = chains.get(n).stream().filter(Buffer::writable).mapToLong(Buffer::length).sum();
                assertTrue(u[1] <= writable, "used length " + u[1] + " beyond the " + writable + " writable bytes");
                checkAnOkAnswerWasDeserved(memory, requests.get(n), chains.get(n));
            }
            for (long[] w : deviceWrites) {
                boolean inUsedRing = w[0] >= USED && w[0] + w[1] <= USED + 6 + 8L * QUEUE;
                boolean inAWritableBuffer = chains.stream().flatMap(List::stream)
                        .anyMatch(b -> b.writable() && w[0] >= b.address() && w[0] - b.address() <= b.length() - w[1]);
                assertTrue(inUsedRing || inAWritableBuffer, "the device wrote " + w[1] + " bytes at 0x"
                        + Long.toHexString(w[0]) + ", in no buffer it was given");
            }
        }
        byte[] after = Files.readAllBytes(disk);
        if (readOnly) {
            assertArrayEquals(original, after, "a read-only disk was written");
        } else {
            for (int i = 0; i < after.length; i++) {
                if (after[i] != original[i]) {
                    final long at = i;
                    assertTrue(requests.stream().anyMatch(r -> r.type() == 1 && r.sector() >= 0 && r.sector() <= SECTORS
                                    && at >= r.sector() * 512 && at < r.sector() * 512 + dataLength(r)),
                            "disk byte " + i + " changed, which no valid write covers");
                }
            }
        }
    }

    /** Header, data, status of request {@code r} in its slot at {@code base}, or where its parts say instead. */
    private static List<Buffer> layOut(ArrayMemory memory, Request r, long base) {
        byte[] header = new byte[16];
        Bytes.putU32(header, 0, r.type());
        Bytes.putU64(header, 8, r.sector());
        if (r.header().where() == 0) {
            System.arraycopy(header, 0, memory.bytes, (int) base, 16);
        }
        List<Buffer> chain = new ArrayList<>();
        chain.add(buffer(r.header(), base, false));
        boolean deviceWrites = r.type() != 1; // IN and GET_ID fill their buffers; OUT's are read
        for (int k = 0; k < r.data().size(); k++) {
            chain.add(buffer(r.data().get(k), base + 0x100 + 0x1000L * k, deviceWrites));
        }
        Buffer status = buffer(r.status(), base + 0x80, true);
        chain.add(status);
        long statusByte = status.address() + status.length() - 1;
        if (status.length() > 0 && memory.contains(statusByte, 1)) {
            memory.bytes[(int) statusByte] = (byte) 0xFF; // no status yet: a 0 later is the device's OK
        }
        return chain;
    }

    private static Buffer buffer(Part p, long home, boolean writable) {
        long address = switch (p.where()) {
            case 0 -> home;
            case 1 -> HOLE_START - 8;               // runs into the hole
            case 2 -> MEMORY - 8;                   // runs past the end of memory
            case 3 -> MEMORY + 0x1_0000_0000L;      // nowhere near memory
            case 4 -> Long.MAX_VALUE - 8;           // address + length overflows a signed long
            default -> -8L;                         // 2^64 - 8: wraps to 0
        };
        return new Buffer(address, p.length(), writable ^ p.flip());
    }

    private static long dataLength(Request r) {
        return r.data().stream().mapToLong(Part::length).sum();
    }

    /** When the device wrote status OK (0), the request really was a valid one on this disk. */
    private static void checkAnOkAnswerWasDeserved(ArrayMemory memory, Request r, List<Buffer> chain) {
        Buffer status = chain.get(chain.size() - 1);
        long at = status.address() + status.length() - 1;
        if (!status.writable() || status.length() < 1 || !memory.contains(at, 1) || r.status().where() != 0
                || chain.stream().anyMatch(b -> b != status && b.writable() && at >= b.address() && at - b.address() < b.length())) {
            return; // no status byte of its own to look at
        }
        if (memory.bytes[(int) at] != 0) {
            return;
        }
        assertTrue(r.header().where() == 0 && r.header().length() >= 16 && !r.header().flip(), "OK for a bad header: " + r);
        assertTrue(r.type() == 0 || r.type() == 1 || r.type() == 4 || r.type() == 8, "OK for type " + r.type());
        if (r.type() == 0 || r.type() == 1) {
            long length = dataLength(r);
            assertTrue(length % 512 == 0 && length <= BlockRequest.MAX_DATA, "OK for " + length + " data bytes: " + r);
            assertTrue(r.sector() >= 0 && r.sector() <= SECTORS && r.sector() * 512 + length <= SECTORS * 512L,
                    "OK for sector " + Long.toUnsignedString(r.sector()) + " + " + length + " bytes: " + r);
            assertTrue(r.data().stream().noneMatch(Part::flip), "OK with a buffer the wrong way round: " + r);
        }
    }
}
