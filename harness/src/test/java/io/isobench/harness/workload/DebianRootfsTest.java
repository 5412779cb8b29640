package io.isobench.harness.workload;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** debian: roots: the cache key, the refusals, and a failing debootstrap leaving nothing behind. */
class DebianRootfsTest {

    @Test
    void theKeyIsTheSuiteAndTheSortedPackageSet() {
        DebianRootfs a = (DebianRootfs) RootfsSource.parse("debian:bookworm:sysbench,fio,fio", Path.of("/"));
        DebianRootfs b = (DebianRootfs) RootfsSource.parse("debian:bookworm:fio,sysbench", Path.of("/"));
        DebianRootfs c = (DebianRootfs) RootfsSource.parse("debian:trixie:fio,sysbench", Path.of("/"));
        assertEquals(List.of("fio", "sysbench"), a.packages());
        assertEquals(a.key(), b.key());
        assertTrue(!a.key().equals(c.key()));
        assertEquals(Path.of("/c/rootfs/debian-bookworm-" + a.key()), a.dir(Path.of("/c")));
        assertEquals(List.of(), ((DebianRootfs) RootfsSource.parse("debian:bookworm", Path.of("/"))).packages());
    }

    @Test
    void badSpecsAreOneSentence() {
        assertEquals("rootfs debian: names no suite (use debian:SUITE[:PKG,PKG...], e.g. debian:bookworm:fio)",
                assertThrows(IllegalArgumentException.class, () -> RootfsSource.parse("debian:", Path.of("/"))).getMessage());
        assertEquals("rootfs debian:Bookworm: 'Bookworm' is not a Debian suite name (e.g. bookworm)",
                assertThrows(IllegalArgumentException.class, () -> RootfsSource.parse("debian:Bookworm", Path.of("/"))).getMessage());
        assertEquals("rootfs debian:bookworm:fio,--help: '--help' is not a Debian package name",
                assertThrows(IllegalArgumentException.class, () -> RootfsSource.parse("debian:bookworm:fio,--help", Path.of("/"))).getMessage());
    }

    /** Real debootstrap against deb.debian.org (reachable from CI), a suite that does not exist: fails in seconds. */
    @Test
    void aFailingDebootstrapIsOneSentenceAndLeavesNothingInTheCache(@TempDir Path cache) throws Exception {
        DebianRootfs r = (DebianRootfs) RootfsSource.parse("debian:isobench-no-such-suite", Path.of("/"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> r.prepareIn(cache));
        assertTrue(e.getMessage().startsWith("debootstrap failed for rootfs debian:isobench-no-such-suite (exit "), e.getMessage());
        assertTrue(!e.getMessage().contains("\n"), e.getMessage());
        try (Stream<Path> left = Files.list(cache.resolve("rootfs"))) {
            assertEquals(List.of(), left.toList(), "nothing half-built stays in the cache");
        }
    }
}
