package io.isobench.runtime.vm.acpi;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** COM2 (the VMM's workload channel) in the DSDT: hardware-reduced Linux only finds its IRQ there. */
class Com2Test {
    @Test
    void com2IsAPnp0501AtPort0x2f8OnGsi3WithUid1() {
        String com2 = Hex.of(PlatformDsdt.com2().toBytes());
        assertTrue(com2.contains(Hex.of(Hex.bytes("43 4F 4D 32"))), "NameSeg COM2: " + com2);
        assertTrue(com2.contains(Hex.of(Hex.bytes("08 5F 48 49 44 0C 41 D0 05 01"))), "_HID PNP0501: " + com2);
        assertTrue(com2.contains(Hex.of(Hex.bytes("47 01 F8 02 F8 02 01 08"))), "IO 0x2F8, 8 ports: " + com2);
        assertTrue(com2.contains(Hex.of(Hex.bytes("89 06 00 03 01 03 00 00 00"))), "Interrupt {3}: " + com2);
        byte[] b = PlatformDsdt.com2().toBytes();
        assertEquals(PlatformDsdt.com1().toBytes().length, b.length, "same shape as COM1");
    }

    @Test
    void com2IsOnlyInTheDsdtWhenAskedForAndOwnsIrq3() {
        String without = Hex.of(PlatformDsdt.aml(new AcpiConfig(1, List.of(), true, true)));
        String with = Hex.of(PlatformDsdt.aml(new AcpiConfig(1, List.of(), true, true, true)));
        String name = Hex.of(Hex.bytes("43 4F 4D 32"));
        assertFalse(without.contains(name));
        assertTrue(with.contains(name));
        assertThrows(IllegalArgumentException.class,
                () -> new AcpiConfig(1, List.of(new VirtioMmioDevice(0xD000_0000L, 3)), true, true, true));
    }
}
