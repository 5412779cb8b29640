package io.isobench.runtime.vm.devices.i8042;

import io.isobench.runtime.vm.devices.Bus;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;

class I8042Test {
    @Test
    void command0xFeRequestsAResetAndOtherCommandsDoNot() {
        AtomicInteger resets = new AtomicInteger();
        I8042 kbd = new I8042(resets::incrementAndGet);
        Bus bus = new Bus("pio");
        bus.claim(I8042.DATA_PORT, 1, "i8042 data", kbd.dataPort());
        bus.claim(I8042.COMMAND_PORT, 1, "i8042 command", kbd.commandPort());

        assertEquals(0, bus.read(0x64, 1) & 0x02, "input buffer empty: Linux's kb_wait() would spin otherwise");
        bus.write(0x64, 1, 0xAA);
        assertEquals(1, bus.read(0x64, 1) & 0x01);
        assertEquals(0x55, bus.read(0x60, 1));
        bus.write(0x64, 1, 0x60);
        bus.write(0x60, 1, 0x45);
        bus.write(0x64, 1, 0x20);
        assertEquals(0x45, bus.read(0x60, 1));
        assertEquals(0, resets.get());

        bus.write(0x64, 1, 0xFE);
        assertEquals(1, resets.get());
        assertEquals(1, kbd.resets());
    }
}
