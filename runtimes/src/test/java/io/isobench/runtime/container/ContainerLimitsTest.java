package io.isobench.runtime.container;

import io.isobench.runtime.Execution;
import io.isobench.runtime.Limits;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Workloads stuck at their limits end within seconds with the reason (LimitWatch), and the
 * next container runs normally. Real containers, as root. Without the watch both would run
 * into the 60 s timeout: the fork bomb never ends, and the thrasher is never OOM-killed
 * (clean file pages can always be evicted).
 */
class ContainerLimitsTest {
    @TempDir
    static Path dir;
    static Path rootfs;

    @BeforeAll
    static void rootfs() throws Exception {
        rootfs = BusyboxRootfs.create(Files.createDirectory(dir.resolve("rootfs")));
        Probe.installInto(rootfs);
        // 64 MiB of file data on disk (the lower layer), read round and round under 8 MiB.
        byte[] chunk = new byte[1 << 20];
        new Random(1).nextBytes(chunk);
        try (FileChannel out = FileChannel.open(rootfs.resolve("big"), StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE)) {
            for (int i = 0; i < 64; i++) {
                out.write(ByteBuffer.wrap(chunk));
            }
            // On disk now: clean pages, which the probe drops from the cache (dirty ones would
            // stay, charged to this JVM's cgroup, and never count against the container's).
            out.force(true);
        }
    }

    @Test
    void aForkBombStopsAtThePidsLimitAndTheNextContainerRuns() throws Exception {
        // Every bomb waits for its children, so the tree stays at the limit, forking in vain, until the watch ends it.
        Execution bomb = Containers.run(new ContainerRuntime(), rootfs, Map.of(), new Limits(null, null, 64), null,
                Duration.ofSeconds(60), "/bin/sh", "-c", "bomb() { bomb | bomb & wait; }; bomb");
        assertFalse(bomb.timedOut(), "the watch must end it, not the timeout");
        assertEquals("pids limit (64)", bomb.failure());
        Execution next = Containers.run(new ContainerRuntime(), rootfs, Map.of(), new Limits(null, null, 64), null,
                Duration.ofSeconds(30), "/bin/sh", "-c", "echo fine");
        assertEquals(0, next.exitCode(), next.stderr());
        assertEquals("fine", next.stdout().strip());
        assertNull(next.failure());
    }

    @Test
    void aWorkloadThrashingAtItsMemoryLimitIsEndedWithinSeconds() throws Exception {
        Execution e = Containers.run(new ContainerRuntime(), rootfs, Map.of(), new Limits(null, 8L << 20, null), null,
                Duration.ofSeconds(60), Probe.IN_CONTAINER, "thrash", "/big");
        assertFalse(e.timedOut(), "the watch must end it, not the timeout");
        assertEquals("thrashing at the memory limit (8 MiB)", e.failure());
        // The same reads under a limit that holds the file: no thrashing (ended by its timeout).
        Execution roomy = Containers.run(new ContainerRuntime(), rootfs, Map.of(), new Limits(null, 256L << 20, null), null,
                Duration.ofSeconds(5), Probe.IN_CONTAINER, "thrash", "/big");
        assertTrue(roomy.timedOut());
        assertNull(roomy.failure());
    }
}
