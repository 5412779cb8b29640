package io.isobench.runtime.vm.guest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KernelSymbolsTest {
    @Test
    void namesTextAddressesWithTheirOffset(@TempDir Path dir) throws Exception {
        Path kernel = Files.writeString(dir.resolve("vmlinuz-6.1.0-test"), "");
        // Unsorted on purpose, with a data symbol (D) that must not be used and kernel addresses
        // above 2^63, which only an unsigned comparison orders right.
        Files.writeString(dir.resolve("System.map-6.1.0-test"), """
                ffffffff81000000 T _text
                ffffffff81a3c120 T default_idle
                ffffffff81a3c100 t native_safe_halt
                ffffffff82000000 D some_data
                0000000000000000 A fixed_percpu_data
                """);
        KernelSymbols s = KernelSymbols.beside(kernel).orElseThrow();
        assertEquals(3, s.size());
        assertEquals("default_idle+0x1e", s.name(0xffffffff81a3c13eL));
        assertEquals("native_safe_halt+0x0", s.name(0xffffffff81a3c100L));
        assertEquals("_text+0x10", s.name(0xffffffff81000010L));
        assertNull(s.name(0xffffffff81fff000L), "too far past any text symbol");
        assertNull(s.name(0x1000), "below every kernel symbol");
    }

    @Test
    void noMapBesideTheKernelIsEmpty(@TempDir Path dir) throws Exception {
        assertTrue(KernelSymbols.beside(Files.writeString(dir.resolve("vmlinuz-x"), "")).isEmpty());
        assertTrue(KernelSymbols.beside(Files.writeString(dir.resolve("bzImage"), "")).isEmpty());
    }
}
