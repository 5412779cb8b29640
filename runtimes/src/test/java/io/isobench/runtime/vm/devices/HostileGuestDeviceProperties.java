package io.isobench.runtime.vm.devices;

import io.isobench.runtime.vm.FuzzBudget;
import io.isobench.runtime.vm.devices.i8042.I8042;
import io.isobench.runtime.vm.devices.serial.Serial8250;
import io.isobench.runtime.vm.devices.serial.TransmitBuffer;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AddLifecycleHook;

import java.io.ByteArrayOutputStream;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A hostile guest's port accesses, generated (jqwik, fixed seed and budget in CI): whatever
 * sequence of reads and writes, of any width and value, at any offset of the device's range,
 * no exception escapes a device and every read returns a value that fits the access. The
 * virtio devices and the host-side parsers have properties of their own (docs/security.md).
 */
@AddLifecycleHook(FuzzBudget.class)
class HostileGuestDeviceProperties {
    /** One port access: offset within the device's ports, width, value (ignored for reads). */
    record Access(boolean write, int offset, int size, long value) {
    }

    @Provide
    Arbitrary<Access> uartAccess() {
        return Combinators.combine(Arbitraries.of(true, false), Arbitraries.integers().between(0, Serial8250.PORTS - 1),
                Arbitraries.of(1, 2, 4, 8), Arbitraries.oneOf(Arbitraries.longs().between(0, 0xFF), Arbitraries.longs()))
                .as(Access::new);
    }

    @Property(tries = 300, seed = "16")
    void the8250NeverThrowsAndReadsFitTheirWidth(@ForAll @Size(max = 400) List<@net.jqwik.api.From("uartAccess") Access> accesses) {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        TransmitBuffer output = new TransmitBuffer("com1", sink, TransmitBuffer.CAPACITY);
        Serial8250 uart = new Serial8250("com1", level -> { }, output);
        int writes = 0;
        for (Access a : accesses) {
            if (a.write()) {
                uart.write(a.offset(), a.size(), a.value());
                writes++;
            } else {
                long v = uart.read(a.offset(), a.size());
                assertTrue(v >= 0 && v <= 0xFF, "a register read wider than a byte: " + v + " for " + a);
            }
        }
        try {
            output.finish(5_000);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        assertTrue(sink.size() <= writes, "more output than writes to THR");
    }

    @Property(tries = 300, seed = "16")
    void theI8042NeverThrowsAndOnlyTheResetCommandResets(@ForAll @Size(max = 400) List<@net.jqwik.api.From("i8042Access") Access> accesses) {
        int[] resets = {0};
        I8042 controller = new I8042(() -> resets[0]++);
        BusDevice data = controller.dataPort();
        BusDevice command = controller.commandPort();
        long pulses = 0;
        for (Access a : accesses) {
            BusDevice port = a.offset() == 0 ? data : command;
            if (a.write()) {
                port.write(0, a.size(), a.value());
                if (a.offset() == 1 && (a.value() & 0xFF) == 0xFE) {
                    pulses++;
                }
            } else {
                long v = port.read(0, a.size());
                assertTrue(v >= 0 && v <= 0xFF, "a port read wider than a byte: " + v + " for " + a);
            }
        }
        assertTrue(resets[0] <= pulses, "a reset without the pulse-reset command (0xFE at 0x64)");
        assertTrue(controller.resets() == resets[0]);
    }

    @Provide
    Arbitrary<Access> i8042Access() {
        // Offset 0 = data port 0x60, 1 = command port 0x64; values biased to real commands.
        Arbitrary<Long> values = Arbitraries.oneOf(Arbitraries.of(0x20L, 0x60L, 0xAAL, 0xADL, 0xAEL, 0xD1L, 0xFEL, 0xFFL),
                Arbitraries.longs().between(0, 0xFF), Arbitraries.longs());
        return Combinators.combine(Arbitraries.of(true, false), Arbitraries.integers().between(0, 1),
                Arbitraries.of(1, 2, 4), values).as(Access::new);
    }
}
