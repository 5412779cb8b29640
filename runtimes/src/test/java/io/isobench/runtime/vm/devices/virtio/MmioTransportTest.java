package io.isobench.runtime.vm.devices.virtio;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MmioTransportTest {

    /** A device with one queue that returns every chain unchanged, counting them. */
    static final class EchoDevice implements VirtioDevice {
        VirtioMemory memory;
        List<SplitQueue> queues;
        UsedBufferSignal signal;
        long acked;
        int resets;

        @Override public int deviceType() { return 42; }
        @Override public long features() { return 1L << 3; }
        @Override public int queueCount() { return 1; }
        @Override public int queueMaxSize() { return 16; }
        @Override public byte[] configSpace() { return new byte[] {1, 2, 3, 4, 5, 6, 7, 8}; }

        @Override
        public void activate(VirtioMemory memory, List<SplitQueue> queues, long acked, UsedBufferSignal signal) {
            this.memory = memory;
            this.queues = queues;
            this.acked = acked;
            this.signal = signal;
        }

        @Override
        public void processQueue(int index) {
            try {
                var chain = queues.get(index).pop(memory);
                while (chain.isPresent()) {
                    queues.get(index).pushUsed(memory, chain.get().head(), 0);
                    chain = queues.get(index).pop(memory);
                }
            } catch (QueueError e) {
                // the tests below do not send bad chains to this device
                throw new AssertionError(e);
            }
            signal.usedBuffers();
        }

        @Override public void reset() { resets++; }
    }

    @Test
    void identifiesAsModernVirtioMmio() {
        var t = new MmioTransport(new EchoDevice(), new ArrayMemory(0x20000), () -> { });
        assertEquals(0x74726976L, t.read(0x000, 4));
        assertEquals(2L, t.read(0x004, 4));
        assertEquals(42L, t.read(0x008, 4));
        assertEquals(16L, t.read(0x034, 4));
        // Feature word 1 carries VIRTIO_F_VERSION_1 (bit 32).
        t.write(0x014, 4, 1);
        assertEquals(1L, t.read(0x010, 4));
        t.write(0x014, 4, 0);
        assertEquals(8L, t.read(0x010, 4));
        // Config space at 0x100 takes any width.
        assertEquals(0x0201L, t.read(0x100, 2));
        assertEquals(0x0807060504030201L, t.read(0x100, 8));
    }

    @Test
    void negotiatesQueuesAndInterruptsOnUsedBuffers() {
        var device = new EchoDevice();
        var memory = new ArrayMemory(0x20000);
        AtomicInteger irqs = new AtomicInteger();
        var t = new MmioTransport(device, memory, irqs::incrementAndGet);
        var driver = new TestDriver(memory, t, 8);
        driver.initialize();
        assertEquals(1L, t.read(0x044, 4), "queue ready");
        assertTrue((t.status() & MmioTransport.DRIVER_OK) != 0);
        assertEquals((1L << 32) | 8, device.acked);

        int head = driver.submit(List.of(new TestDriver.Buffer(TestDriver.DATA, 16, false)));
        assertEquals(1, irqs.get());
        assertEquals(1L, t.read(0x060, 4), "used-buffer interrupt pending");
        t.write(0x064, 4, 1);
        assertEquals(0L, t.read(0x060, 4), "acknowledged");
        var used = driver.takeUsed();
        assertEquals(1, used.size());
        assertEquals(head, used.get(0)[0]);
    }

    @Test
    void refusesFeaturesItDidNotOfferAndDriverOkWithoutFeaturesOk() {
        var t = new MmioTransport(new EchoDevice(), new ArrayMemory(0x20000), () -> { });
        t.write(0x024, 4, 0);
        t.write(0x020, 4, 1 << 7); // not offered
        t.write(0x024, 4, 1);
        t.write(0x020, 4, 1);
        t.write(0x070, 4, MmioTransport.ACKNOWLEDGE | MmioTransport.DRIVER | MmioTransport.FEATURES_OK);
        assertEquals(0, t.status() & MmioTransport.FEATURES_OK, "FEATURES_OK must not stick");
        t.write(0x070, 4, MmioTransport.ACKNOWLEDGE | MmioTransport.DRIVER | MmioTransport.DRIVER_OK);
        assertTrue((t.status() & MmioTransport.FAILED) != 0);
        assertEquals(0, t.status() & MmioTransport.DRIVER_OK);
    }

    @Test
    void refusesAQueueOutsideMemoryOrMisaligned() {
        var memory = new ArrayMemory(0x20000);
        var t = new MmioTransport(new EchoDevice(), memory, () -> { });
        t.write(0x030, 4, 0);
        t.write(0x038, 4, 8);
        t.write(0x080, 4, 0x1f000);
        t.write(0x084, 4, 0xffffffffL); // far outside
        t.write(0x090, 4, 0x2000);
        t.write(0x0a0, 4, 0x3000);
        t.write(0x044, 4, 1);
        assertEquals(0L, t.read(0x044, 4));
        t.write(0x084, 4, 0);
        t.write(0x080, 4, 0x1008); // not 16-byte aligned
        t.write(0x044, 4, 1);
        assertEquals(0L, t.read(0x044, 4));
        t.write(0x038, 4, 6); // not a power of two
        t.write(0x080, 4, 0x1000);
        t.write(0x044, 4, 1);
        assertEquals(0L, t.read(0x044, 4));
        t.write(0x038, 4, 8);
        t.write(0x044, 4, 1);
        assertEquals(1L, t.read(0x044, 4));
    }

    @Test
    void ignoresMisalignedAndNarrowRegisterAccesses() {
        var t = new MmioTransport(new EchoDevice(), new ArrayMemory(0x1000), () -> { });
        assertEquals(0L, t.read(0x002, 4));
        assertEquals(0L, t.read(0x000, 2));
        t.write(0x070, 1, 1);
        assertEquals(0, t.status());
        assertEquals(3, t.ignoredAccesses());
    }

    @Test
    void statusZeroResetsDeviceAndQueues() {
        var device = new EchoDevice();
        var memory = new ArrayMemory(0x20000);
        var t = new MmioTransport(device, memory, () -> { });
        new TestDriver(memory, t, 8).initialize();
        t.write(0x070, 4, 0);
        assertEquals(0, t.status());
        assertEquals(0L, t.read(0x044, 4));
        assertTrue(device.resets >= 2);
    }
}
