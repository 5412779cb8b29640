package io.isobench.runtime.vm.acpi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.isobench.runtime.vm.acpi.ResourceDescriptor.Interrupt;
import io.isobench.runtime.vm.acpi.ResourceDescriptor.IoPort;
import io.isobench.runtime.vm.acpi.ResourceDescriptor.Memory32Fixed;
import io.isobench.runtime.vm.acpi.ResourceDescriptor.Polarity;
import io.isobench.runtime.vm.acpi.ResourceDescriptor.Sharing;
import io.isobench.runtime.vm.acpi.ResourceDescriptor.Trigger;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Resource descriptors (ACPI 6.5, 6.4) and the End Tag checksum. */
class ResourceTemplateTest {

    private static String encode(ResourceDescriptor d) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        d.encodeTo(out);
        return Hex.of(out.toByteArray());
    }

    @Test
    void memory32Fixed() {
        // 86, length 0009, info 01 (ReadWrite), base D0000000, length 00001000
        assertEquals(Hex.of(Hex.bytes("86 09 00 01 00 00 00 D0 00 10 00 00")),
                encode(new Memory32Fixed(true, 0xD000_0000L, 0x1000)));
        assertEquals(Hex.of(Hex.bytes("86 09 00 00 00 00 00 D0 00 10 00 00")),
                encode(new Memory32Fixed(false, 0xD000_0000L, 0x1000)));
        assertThrows(IllegalArgumentException.class, () -> new Memory32Fixed(true, 0xFFFF_F000L, 0x2000));
    }

    @Test
    void extendedInterruptFlags() {
        // 89, length 0006, flags, count 01, GSI
        // consumer(bit0) + edge(bit1) = 03
        assertEquals(Hex.of(Hex.bytes("89 06 00 03 01 05 00 00 00")),
                encode(Interrupt.consumer(Trigger.EDGE, Polarity.ACTIVE_HIGH, Sharing.EXCLUSIVE, 5)));
        // consumer, level, active low (bit2), shared (bit3) = 0D
        assertEquals(Hex.of(Hex.bytes("89 06 00 0D 01 10 00 00 00")),
                encode(Interrupt.consumer(Trigger.LEVEL, Polarity.ACTIVE_LOW, Sharing.SHARED, 16)));
        // producer, edge, two interrupts: length 2 + 8 = 0A
        assertEquals(Hex.of(Hex.bytes("89 0A 00 02 02 03 00 00 00 04 00 00 00")),
                encode(new Interrupt(false, Trigger.EDGE, Polarity.ACTIVE_HIGH, Sharing.EXCLUSIVE, List.of(3L, 4L))));
    }

    @Test
    void ioPort() {
        // 47 (small type 08, length 7), Decode16 01, min 03F8, max 03F8, align 01, len 08
        assertEquals(Hex.of(Hex.bytes("47 01 F8 03 F8 03 01 08")), encode(IoPort.fixed(0x3F8, 8)));
        assertEquals(Hex.of(Hex.bytes("47 00 60 00 60 00 01 01")), encode(new IoPort(false, 0x60, 0x60, 1, 1)));
        assertThrows(IllegalArgumentException.class, () -> new IoPort(true, 0x10, 0x0F, 1, 1));
    }

    @Test
    void endTagChecksumMakesTheTemplateSumToZero() {
        ResourceTemplate t = Aml.resources(IoPort.fixed(0x3F8, 8),
                Interrupt.consumer(Trigger.EDGE, Polarity.ACTIVE_HIGH, Sharing.EXCLUSIVE, 4));
        byte[] bytes = t.templateBytes();
        // 47 01 F8 03 F8 03 01 08 | 89 06 00 03 01 04 00 00 00 | 79 chk
        // the bytes before chk sum to 0x247 + 0x8F + 0x79 = 0x357, i.e. 0x57 mod 256, so chk = 0xA9
        assertEquals(Hex.of(Hex.bytes("47 01 F8 03 F8 03 01 08 89 06 00 03 01 04 00 00 00 79 A9")), Hex.of(bytes));
        assertEquals(0, Checksum.sum(bytes));
        // As AML it is a Buffer: 11, PkgLength 0x16 = 22 (itself + 2 size bytes + 19 data), BufferSize 0A 13
        assertEquals(Hex.of(Hex.bytes("11 16 0A 13")), Hex.of(Arrays.copyOf(t.toBytes(), 4)));
    }

    @Test
    void emptyTemplateIsJustTheEndTag() {
        // 79 and the checksum 0x87 (0x79 + 0x87 = 0x100)
        assertEquals(Hex.of(Hex.bytes("11 05 0A 02 79 87")), Hex.of(Aml.resources().toBytes()));
    }
}
