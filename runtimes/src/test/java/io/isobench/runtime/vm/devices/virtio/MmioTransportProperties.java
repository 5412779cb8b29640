package io.isobench.runtime.vm.devices.virtio;

import io.isobench.runtime.vm.FuzzBudget;
import io.isobench.runtime.vm.devices.virtio.block.BlockBackend;
import io.isobench.runtime.vm.devices.virtio.block.BlockDevice;
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
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A hostile driver's MMIO accesses to the virtio-mmio transport (jqwik, fixed seed and
 * budget; FuzzBudget raises it for the soak): any sequence of reads and writes at any offset,
 * of any width and value — garbage status and feature negotiation, queue registers with
 * addresses outside RAM, notifications of queues that do not exist — half of the sequences
 * after a correct initialisation so the device is live and processes whatever the random
 * memory holds. Whatever it does: no exception escapes, a register read fits 32 bits and a
 * config read its width, the device is activated only after a real negotiation (a subset of
 * the offered features, VERSION_1 among them) and at most once between resets, status bits
 * only accumulate until a reset, the interrupt status holds only its two bits.
 */
@AddLifecycleHook(FuzzBudget.class)
class MmioTransportProperties {
    static final int MEMORY = 0x10000;
    static final long[] REGISTERS = {0x000, 0x004, 0x008, 0x00c, 0x010, 0x014, 0x020, 0x024, 0x030, 0x034, 0x038,
            0x044, 0x050, 0x060, 0x064, 0x070, 0x080, 0x084, 0x090, 0x094, 0x0a0, 0x0a4, 0x0fc, 0x100, 0x108};
    private static Path disk;

    record Access(boolean write, long offset, int size, long value) {
    }

    @BeforeContainer
    static void disk() throws IOException {
        disk = Files.createTempFile("isobench-fuzz-transport-", ".img");
        Files.write(disk, new byte[8192]);
    }

    @AfterContainer
    static void removeDisk() throws IOException {
        Files.deleteIfExists(disk);
    }

    @Provide
    Arbitrary<Access> access() {
        Arbitrary<Long> offsets = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, Arbitraries.of(java.util.stream.LongStream.of(REGISTERS).boxed().toList())),
                net.jqwik.api.Tuple.of(2, Arbitraries.longs().between(-8, 0x1010)),
                net.jqwik.api.Tuple.of(1, Arbitraries.of(Long.MIN_VALUE, Long.MAX_VALUE, 0x1_0000_0000L)));
        Arbitrary<Integer> sizes = Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(6, Arbitraries.just(4)),
                net.jqwik.api.Tuple.of(1, Arbitraries.of(0, 1, 2, 3, 8, -1)));
        Arbitrary<Long> values = Arbitraries.oneOf(Arbitraries.longs().between(0, 0xFF),
                Arbitraries.of(0L, 1L, 2L, 0xFFFF_FFFFL, 0x8000_0000L, 256L, 65536L),
                Arbitraries.longs().between(0, MEMORY / 16).map(x -> x * 16), Arbitraries.longs());
        return Combinators.combine(Arbitraries.of(true, false), offsets, sizes, values).as(Access::new);
    }

    @Property(tries = 300, seed = "16")
    void anyRegisterSequenceKeepsTheTransportsPromises(@ForAll @Size(max = 200) List<@From("access") Access> accesses,
                                                       @ForAll boolean initializeFirst, @ForAll long fill)
            throws IOException {
        ArrayMemory memory = new ArrayMemory(MEMORY, 0x8000, 0x8040);
        new Random(fill).nextBytes(memory.bytes);
        try (BlockBackend backend = BlockBackend.open(disk, true, false)) {
            Recording device = new Recording(new BlockDevice(backend, "fuzz"));
            MmioTransport transport = new MmioTransport(device, memory, () -> { });
            if (initializeFirst) {
                TestDriver.initialize(List.of(new TestDriver(memory, transport, 16)));
            }
            long featuresSel = 0;
            for (Access a : accesses) {
                int before = transport.status();
                if (a.write()) {
                    transport.write(a.offset(), a.size(), a.value());
                    boolean register = a.size() == 4 && a.offset() >= 0 && (a.offset() & 3) == 0;
                    if (register && a.offset() == MmioTransport.DEVICE_FEATURES_SEL) {
                        featuresSel = a.value() & 0xffffffffL;
                    }
                    if (register && a.offset() == MmioTransport.STATUS && (a.value() & 0xff) == 0) {
                        featuresSel = 0; // a reset
                        device.activations = 0;
                        continue;
                    }
                } else {
                    long v = transport.read(a.offset(), a.size());
                    if (a.offset() >= MmioTransport.CONFIG && a.offset() < MmioTransport.WINDOW_SIZE) {
                        assertTrue(a.size() >= 8 || v >>> (8 * Math.max(a.size(), 0)) == 0,
                                "a config read wider than its access: " + a + " = " + v);
                    } else {
                        assertTrue(v >= 0 && v <= 0xFFFF_FFFFL, "a register read wider than 32 bits: " + a + " = " + v);
                    }
                    if (a.offset() == MmioTransport.DEVICE_FEATURES && a.size() == 4 && featuresSel > 1) {
                        assertEquals(0, v, "features read with selector " + featuresSel);
                    }
                    if (a.offset() == MmioTransport.INTERRUPT_STATUS && a.size() == 4) {
                        assertEquals(0, v & ~3L, "interrupt status bits other than used-buffer and config-change");
                    }
                }
                int after = transport.status();
                assertEquals(before, after & before, "status bits " + Integer.toHexString(before) + " became "
                        + Integer.toHexString(after) + " without a reset, on " + a);
                assertTrue(device.activations <= 1, "activated twice without a reset");
                assertTrue((after & MmioTransport.DRIVER_OK) == 0 || device.activations == 1,
                        "DRIVER_OK without an activation");
            }
        }
    }

    /**
     * Found by the property: writing STATUS = ACKNOWLEDGE to a live device cleared DRIVER_OK
     * and FEATURES_OK, after which the driver could renegotiate and activate it again.
     */
    @Example
    void aStatusWriteThatClearsBitsIsIgnored() throws IOException {
        try (BlockBackend backend = BlockBackend.open(disk, true, false)) {
            Recording device = new Recording(new BlockDevice(backend, "fuzz"));
            ArrayMemory memory = new ArrayMemory(MEMORY);
            MmioTransport transport = new MmioTransport(device, memory, () -> { });
            TestDriver.initialize(List.of(new TestDriver(memory, transport, 16)));
            int live = transport.status();
            transport.write(MmioTransport.STATUS, 4, MmioTransport.ACKNOWLEDGE);
            assertEquals(live, transport.status());
            transport.write(MmioTransport.STATUS, 4, live);
            assertEquals(1, device.activations);
        }
    }

    /** Seen while writing the property (which fails without the fix): selector 0xFFFFFFFF (-1 as an int) read the features' high word. */
    @Example
    void aFeatureSelectorBeyondOneReadsZero() throws IOException {
        try (BlockBackend backend = BlockBackend.open(disk, true, false)) {
            MmioTransport transport = new MmioTransport(new BlockDevice(backend, "fuzz"), new ArrayMemory(MEMORY), () -> { });
            transport.write(MmioTransport.DEVICE_FEATURES_SEL, 4, 0xFFFF_FFFFL);
            assertEquals(0, transport.read(MmioTransport.DEVICE_FEATURES, 4));
        }
    }

    /** The block device, and what the transport did to it. */
    static final class Recording implements VirtioDevice {
        final VirtioDevice device;
        int activations;

        Recording(VirtioDevice device) {
            this.device = device;
        }

        @Override
        public void activate(VirtioMemory memory, List<SplitQueue> queues, long acked, UsedBufferSignal signal) {
            long offered = device.features() | MmioTransport.VIRTIO_F_VERSION_1;
            assertEquals(0, acked & ~offered, "activated with features that were not offered");
            assertTrue((acked & MmioTransport.VIRTIO_F_VERSION_1) != 0, "activated without VIRTIO_F_VERSION_1");
            activations++;
            device.activate(memory, queues, acked, signal);
        }

        @Override
        public void reset() {
            device.reset();
        }

        @Override
        public void processQueue(int index) {
            device.processQueue(index);
        }

        @Override
        public int deviceType() {
            return device.deviceType();
        }

        @Override
        public long features() {
            return device.features();
        }

        @Override
        public int queueCount() {
            return device.queueCount();
        }

        @Override
        public int queueMaxSize() {
            return device.queueMaxSize();
        }

        @Override
        public byte[] configSpace() {
            return device.configSpace();
        }
    }
}
