package io.isobench.runtime.vm.devices.virtio;

import io.isobench.runtime.vm.FuzzBudget;
import io.isobench.runtime.vm.memory.Bytes;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AddLifecycleHook;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A hostile driver's split queue (jqwik, fixed seed and budget; FuzzBudget raises it for the
 * soak): ring addresses anywhere (misaligned, across the memory hole, past the end, near
 * 2^64), any queue size, a descriptor table of anything (loops, indices past the queue,
 * INDIRECT, lengths up to 4 GiB), an available index that jumps anywhere. Whatever it is, the
 * queue gives back chains or a {@link QueueError} and nothing else, never a chain longer than
 * the queue or one with an indirect descriptor, stops when the ring is corrupt, and writes
 * only into its used ring. Memory: 64 KiB RAM, a 64-byte hole, RAM again to 128 KiB (the hole stands for
 * a real guest's MMIO hole: a ring on both sides of it is not a ring in RAM).
 */
@AddLifecycleHook(FuzzBudget.class)
class SplitQueueProperties {
    static final int MEMORY = 0x20000;
    static final long HOLE_START = 0x10000, HOLE_END = 0x10040;

    /** One descriptor as the driver wrote it. */
    record Raw(long address, long length, int flags, int next) {
    }

    /** The driver's whole configuration of one queue. */
    record Ring(int size, long desc, long avail, long used, List<Raw> table, List<Integer> heads, int availIndex) {
    }

    @Provide
    Arbitrary<Ring> rings() {
        Arbitrary<Integer> sizes = Arbitraries.oneOf(Arbitraries.of(1, 2, 4, 8, 16, 32),
                Arbitraries.of(0, 3, 12, 64, 65, 32768, 65535, -1, Integer.MIN_VALUE));
        Arbitrary<Long> areas = Arbitraries.oneOf(
                Arbitraries.longs().between(0, MEMORY / 16 - 1).map(x -> x * 16),           // aligned, in memory
                Arbitraries.longs().between(HOLE_START - 0x800, HOLE_START).map(x -> x & ~15L), // ends in the hole
                Arbitraries.longs().between(MEMORY - 0x400, MEMORY + 16).map(x -> x & ~3L), // runs past the end
                Arbitraries.of(-16L, Long.MAX_VALUE & ~15L, 0xFFFF_FFFF_FFFF_FFF0L),        // overflow bait
                Arbitraries.longs());
        return Combinators.combine(sizes, areas, areas, areas, descriptors().list().ofMaxSize(40),
                heads().list().ofMaxSize(40), availIndexes()).as(Ring::new);
    }

    private static Arbitrary<Raw> descriptors() {
        Arbitrary<Long> address = Arbitraries.oneOf(Arbitraries.longs().between(0, MEMORY),
                Arbitraries.of(HOLE_START - 4, MEMORY - 1L, -1L, Long.MAX_VALUE, Long.MIN_VALUE), Arbitraries.longs());
        Arbitrary<Long> length = Arbitraries.oneOf(Arbitraries.longs().between(0, 4096),
                Arbitraries.of(0L, 1L, 16L, 0xFFFF_FFFFL, 0x8000_0000L));
        Arbitrary<Integer> flags = Arbitraries.oneOf(Arbitraries.integers().between(0, 7),
                Arbitraries.integers().between(0, 0xFFFF));
        Arbitrary<Integer> next = Arbitraries.oneOf(Arbitraries.integers().between(0, 40),
                Arbitraries.integers().between(0, 0xFFFF));
        return Combinators.combine(address, length, flags, next).as(Raw::new);
    }

    private static Arbitrary<Integer> heads() {
        return Arbitraries.oneOf(Arbitraries.integers().between(0, 40), Arbitraries.integers().between(0, 0xFFFF));
    }

    private static Arbitrary<Integer> availIndexes() {
        // How far the driver claims to be: a few entries, exactly the queue, past it, or anywhere (wraparound).
        return Arbitraries.oneOf(Arbitraries.integers().between(0, 40), Arbitraries.integers().between(0xFFF0, 0xFFFF),
                Arbitraries.integers().between(0, 0xFFFF));
    }

    @Property(tries = 400, seed = "16")
    void aHostileRingGivesChainsOrQueueErrorsAndTheQueueWritesOnlyItsUsedRing(@ForAll("rings") Ring ring) throws QueueError {
        ArrayMemory memory = new ArrayMemory(MEMORY, HOLE_START, HOLE_END);
        // Random memory around the rings: a descriptor read from anywhere but the table shows.
        new java.util.Random(ring.hashCode()).nextBytes(memory.bytes);
        SplitQueue queue = new SplitQueue(32);
        queue.setSize(ring.size());
        queue.setDescTable(ring.desc());
        queue.setAvailRing(ring.avail());
        queue.setUsedRing(ring.used());
        layOut(memory, ring);
        String refusal = queue.enable(memory);
        if (refusal != null) {
            assertFalse(queue.ready(), "a refused queue is not live");
            assertTrue(queue.pop(memoryThatFailsEveryAccess()).isEmpty(), "a refused queue gives nothing");
            return;
        }
        // Accepted: then every byte of all three areas is RAM, and the size is what 2.7 allows.
        int size = ring.size();
        assertTrue(size > 0 && size <= 32 && Integer.bitCount(size) == 1, "accepted queue size " + size);
        assertTrue(memory.contains(ring.desc(), 16L * size), "descriptor table outside RAM accepted: " + ring);
        assertTrue(memory.contains(ring.avail(), 6L + 2L * size), "available ring outside RAM accepted: " + ring);
        assertTrue(memory.contains(ring.used(), 6L + 8L * size), "used ring outside RAM accepted: " + ring);

        // What the table holds (when the used ring, which the queue writes, does not overlap it).
        boolean tableStays = ring.used() + 6L + 8L * size <= ring.desc() || ring.desc() + 16L * size <= ring.used();
        java.util.Set<Descriptor> table = new java.util.HashSet<>();
        for (int i = 0; i < size; i++) {
            long at = ring.desc() + 16L * i;
            table.add(new Descriptor(memory.readU64(at), memory.readU32(at + 8), memory.readU16(at + 12), memory.readU16(at + 14)));
        }
        memory.logWrites();
        int pending = ring.availIndex() & 0xffff;
        int taken = 0;
        for (int step = 0; step <= size + 1; step++) {
            Optional<DescriptorChain> chain;
            int head;
            try {
                chain = queue.pop(memory);
                if (chain.isEmpty()) {
                    break;
                }
                head = chain.get().head();
                List<Descriptor> ds = chain.get().descriptors();
                assertTrue(ds.size() <= size, "a chain of " + ds.size() + " descriptors in a queue of " + size);
                assertTrue(ds.stream().noneMatch(Descriptor::indirect), "an indirect descriptor passed");
                assertTrue(!tableStays || table.containsAll(ds), "a chain holds a descriptor from outside the table");
            } catch (QueueError e) {
                if (e.fatalForQueue()) {
                    assertTrue(queue.broken(), "a corrupt ring must stop the queue");
                    assertTrue(queue.pop(memory).isEmpty(), "a broken queue gives nothing more");
                    break;
                }
                head = e.head();
            }
            taken++;
            queue.pushUsed(memory, head, 0);
        }
        assertTrue(taken <= Math.min(pending, size), taken + " chains taken, " + pending + " made available");
        for (long[] w : memory.takeWrites()) {
            assertTrue(w[0] >= ring.used() && w[0] + w[1] <= ring.used() + 6L + 8L * size,
                    "the queue wrote " + w[1] + " bytes at 0x" + Long.toHexString(w[0]) + ", outside its used ring");
        }
    }

    /** Descriptors, available entries and index go where the driver said, where that is RAM. */
    private static void layOut(ArrayMemory memory, Ring ring) {
        for (int i = 0; i < ring.table().size(); i++) {
            Raw d = ring.table().get(i);
            byte[] b = new byte[16];
            Bytes.putU64(b, 0, d.address());
            Bytes.putU32(b, 8, d.length());
            Bytes.putU16(b, 12, d.flags());
            Bytes.putU16(b, 14, d.next());
            put(memory, ring.desc() + 16L * i, b);
        }
        byte[] idx = new byte[2];
        Bytes.putU16(idx, 0, ring.availIndex());
        put(memory, ring.avail() + 2, idx);
        for (int i = 0; i < ring.heads().size(); i++) {
            Bytes.putU16(idx, 0, ring.heads().get(i));
            put(memory, ring.avail() + 4 + 2L * i, idx);
        }
    }

    private static void put(ArrayMemory memory, long address, byte[] b) {
        if (memory.contains(address, b.length)) {
            System.arraycopy(b, 0, memory.bytes, (int) address, b.length);
        }
    }

    private static VirtioMemory memoryThatFailsEveryAccess() {
        return new ArrayMemory(0);
    }

    /**
     * Found by the property: only the first and last byte of each area were probed, so a
     * descriptor table running through the hole (0xFFD0 + 8 x 16 bytes) went live.
     */
    @Example
    void aDescriptorTableAcrossTheHoleIsRefused() {
        ArrayMemory memory = new ArrayMemory(MEMORY, HOLE_START, HOLE_END);
        SplitQueue queue = new SplitQueue(32);
        queue.setSize(8);
        queue.setDescTable(0xFFD0);
        assertEquals("queue area outside guest memory", queue.enable(memory));
        assertFalse(queue.ready());
    }

    /** A size of 2^31 as a signed int is negative yet has one bit set; it is no queue size. */
    @Example
    void aNegativeQueueSizeIsRefused() {
        SplitQueue queue = new SplitQueue(32);
        queue.setSize(Integer.MIN_VALUE);
        assertTrue(queue.enable(new ArrayMemory(MEMORY)).startsWith("queue size"));
    }

    /** The 16-bit indices wrap: 70 000 chains through a 4-entry queue come back in order, none lost. */
    @Property(tries = 1, seed = "16")
    void indicesWrapAroundWithoutLosingAChain() throws QueueError {
        ArrayMemory memory = new ArrayMemory(0x1000);
        SplitQueue queue = new SplitQueue(4);
        queue.setSize(4);
        queue.setDescTable(0x100);
        queue.setAvailRing(0x200);
        queue.setUsedRing(0x300);
        assertEquals(null, queue.enable(memory));
        for (int n = 0; n < 70_000; n++) {
            int slot = n % 4;
            Bytes.putU16(memory.bytes, 0x200 + 4 + 2 * slot, slot); // head = descriptor `slot`, no NEXT
            Bytes.putU16(memory.bytes, 0x202, (n + 1) & 0xffff);
            DescriptorChain chain = queue.pop(memory).orElseThrow();
            assertEquals(slot, chain.head());
            queue.pushUsed(memory, chain.head(), n);
            assertEquals((n + 1) & 0xffff, memory.readU16(0x302));
            assertEquals(slot, memory.readU32(0x304 + 8L * slot));
        }
        assertTrue(queue.pop(memory).isEmpty());
    }
}
