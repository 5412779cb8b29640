package io.isobench.harness.density;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * KSM for {@code density --ksm on}, on this host's real /sys/kernel/mm/ksm (root, as in CI;
 * it fails loudly without KSM): switched on, then put back exactly. That guest memory is marked
 * mergeable is checked on a real mapping in GuestMemoryTest; that it merges, in the rig
 * (DensityVmRigTest): waiting for KSM here would have ksmd scan every QEMU's guest RAM on the
 * host (QEMU marks it mergeable too), a core for a minute.
 */
class KsmTest {
    private static final Path SYSFS = Ksm.SYSFS;

    @Test
    void switchOnThenCloseRestoresEveryValueExactly() throws Exception {
        Ksm ksm = new Ksm(SYSFS);
        String run = ksm.read("run");
        String pages = ksm.read("pages_to_scan");
        String sleep = ksm.read("sleep_millisecs");
        try (Ksm.Switched on = ksm.switchOn()) {
            assertEquals(run, on.runBefore());
            assertEquals("1", ksm.read("run"));
            assertEquals(Ksm.PAGES_TO_SCAN, ksm.read("pages_to_scan"));
            assertEquals(Ksm.SLEEP_MILLISECS, ksm.read("sleep_millisecs"));
        }
        assertEquals(run, ksm.read("run"));
        assertEquals(pages, ksm.read("pages_to_scan"));
        assertEquals(sleep, ksm.read("sleep_millisecs"));
    }

    @Test
    void withoutKsmItIsOneSentenceAndNothingIsWritten(@TempDir Path tmp) {
        Ksm none = new Ksm(tmp.resolve("no-ksm"));
        assertEquals("not available", none.describe());
        var e = assertThrows(java.io.IOException.class, none::switchOn);
        assertTrue(e.getMessage().contains("no KSM"), e.getMessage());
    }

    @Test
    void aValueThatWasChangedIsPutBackEvenWhenRunWasAlreadyOn(@TempDir Path tmp) throws Exception {
        // A KSM directory of our own, so that "already on" can be tried without touching the host's.
        Path dir = Files.createDirectories(tmp.resolve("ksm"));
        Files.writeString(dir.resolve("run"), "1\n");
        Files.writeString(dir.resolve("pages_to_scan"), "100\n");
        Files.writeString(dir.resolve("sleep_millisecs"), "200\n");
        Ksm ksm = new Ksm(dir);
        try (Ksm.Switched on = ksm.switchOn()) {
            assertEquals("1", on.runBefore());
            assertEquals("10000", ksm.read("pages_to_scan"));
        }
        assertEquals("1", ksm.read("run"));
        assertEquals("100", ksm.read("pages_to_scan"));
        assertEquals("200", ksm.read("sleep_millisecs"));
    }
}
