package io.isobench.runtime.vm.devices;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class BusTest {
    /** Records accesses as "r off size" / "w off size value"; reads answer 0x40 + offset. */
    static final class Recorder implements BusDevice {
        final List<String> log = new ArrayList<>();

        @Override
        public long read(long offset, int size) {
            log.add("r " + offset + " " + size);
            return 0x40 + offset;
        }

        @Override
        public void write(long offset, int size, long value) {
            log.add("w " + offset + " " + size + " " + Long.toHexString(value));
        }
    }

    @Test
    void accessesReachTheClaimingDeviceWithTheOffsetIntoItsRange() {
        Bus bus = new Bus("pio");
        Recorder a = new Recorder();
        Recorder b = new Recorder();
        bus.claim(0x3F8, 8, "com1", a);
        bus.claim(0x2F8, 8, "com2", b);
        assertEquals(0x45, bus.read(0x3FD, 1));
        bus.write(0x2F8, 1, 0x41);
        bus.write(0x3FE, 2, 0xBEEF);
        assertEquals(List.of("r 5 1", "w 6 2 beef"), a.log);
        assertEquals(List.of("w 0 1 41"), b.log);
    }

    @Test
    void unclaimedAccessesReadAllOnesAndAreCounted() {
        Bus bus = new Bus("pio");
        Recorder a = new Recorder();
        bus.claim(0x3F8, 8, "com1", a);
        assertEquals(0xFF, bus.read(0x3F7, 1));
        assertEquals(0xFFFF, bus.read(0x100, 2));
        assertEquals(0xFFFF_FFFFL, bus.read(0x100, 4));
        assertEquals(-1L, bus.read(0x100, 8));
        assertEquals(0xFFFF, bus.read(0x3FF, 2), "an access running past the claimed range is not the device's");
        bus.write(0x400, 1, 0);
        assertEquals(5, bus.unclaimedReads());
        assertEquals(1, bus.unclaimedWrites());
        assertEquals(List.of(), a.log);
    }

    @Test
    void overlappingClaimsAndLateClaimsAreRefused() {
        Bus bus = new Bus("mmio");
        bus.claim(0xD000_0000L, 0x1000, "virtio0", new Recorder());
        assertThrows(IllegalArgumentException.class, () -> bus.claim(0xD000_0FFFL, 0x10, "x", new Recorder()));
        assertThrows(IllegalArgumentException.class, () -> bus.claim(0xCFFF_FFF0L, 0x11, "y", new Recorder()));
        assertThrows(IllegalArgumentException.class, () -> bus.claim(0, 0, "empty", new Recorder()));
        assertThrows(IllegalArgumentException.class, () -> bus.claim(Long.MAX_VALUE, 2, "wrap", new Recorder()));
        bus.claim(0xD000_1000L, 0x1000, "virtio1", new Recorder());  // adjacent is fine
        bus.seal();
        assertThrows(IllegalStateException.class, () -> bus.claim(0, 1, "late", new Recorder()));
    }

    @Test
    void postCodePortKeepsTheLastCodeQuietly() {
        PostCodePort post = new PostCodePort();
        Bus bus = new Bus("pio");
        bus.claim(PostCodePort.PORT, 1, "post", post);
        bus.write(0x80, 1, 0x12);
        bus.write(0x80, 1, 0x34);
        assertEquals(0x34, post.lastCode());
        assertEquals(2, post.writes());
        assertEquals(0, bus.unclaimedWrites());
    }
}
