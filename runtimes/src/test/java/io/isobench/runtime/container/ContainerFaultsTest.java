package io.isobench.runtime.container;

import io.isobench.runtime.Execution;
import io.isobench.runtime.Limits;
import io.isobench.runtime.Owner;
import io.isobench.runtime.RuntimeFailure;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bad input and failures: one sentence, the right exit code, nothing left behind. */
class ContainerFaultsTest {
    @TempDir
    static Path dir;
    static Path rootfs;

    @BeforeAll
    static void rootfs() throws Exception {
        rootfs = BusyboxRootfs.create(Files.createDirectory(dir.resolve("rootfs")));
    }

    @Test
    void aMissingRootfsIsOneSentence() {
        var f = assertThrows(RuntimeFailure.class, () -> Containers.run(dir.resolve("nope"), "/bin/true"));
        assertEquals("the root filesystem " + dir.resolve("nope") + " does not exist", f.getMessage());
    }

    @Test
    void aRootfsThatIsAFileIsOneSentence() throws Exception {
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        var f = assertThrows(RuntimeFailure.class, () -> Containers.run(file, "/bin/true"));
        assertEquals("the root filesystem " + file + " is not a directory", f.getMessage());
    }

    @Test
    void aMissingCommandExits127WithTheLaunchersSentence() throws Exception {
        Execution e = Containers.run(rootfs, "/no/such/command");
        assertEquals(127, e.exitCode());
        assertEquals("cannot execute /no/such/command: No such file or directory", e.failure());
    }

    @Test
    void aCommandThatIsNotExecutableExits126() throws Exception {
        Path script = Files.writeString(rootfs.resolve("not-executable"), "#!/bin/sh\necho hi\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rw-r--r--"));
        Execution e = Containers.run(rootfs, "/not-executable");
        assertEquals(126, e.exitCode());
        assertTrue(e.failure().contains("Permission denied"), e.failure());
    }

    @Test
    void badOptionsAreOneSentence() {
        var f = assertThrows(RuntimeFailure.class, () -> Containers.run(rootfs, Map.of("seccomp", "maybe"), "/bin/true"));
        assertEquals("--seccomp takes on or off, not 'maybe'", f.getMessage());
        var g = assertThrows(RuntimeFailure.class, () -> Containers.run(rootfs, Map.of("selinux", "off"), "/bin/true"));
        assertTrue(g.getMessage().startsWith("unknown container option 'selinux'"), g.getMessage());
        var u = assertThrows(RuntimeFailure.class, () -> Containers.run(rootfs, Map.of("upper", "nfs"), "/bin/true"));
        assertEquals("--upper takes tmpfs or disk, not 'nfs'", u.getMessage());
        var j = assertThrows(RuntimeFailure.class, () -> Containers.run(rootfs, Map.of("cgroup-join", "later"), "/bin/true"));
        assertEquals("--cgroup-join takes clone or write, not 'later'", j.getMessage());
        var h = assertThrows(RuntimeFailure.class, () -> Containers.run(rootfs, Map.of("hostname", "a b"), "/bin/true"));
        assertTrue(h.getMessage().startsWith("hostname 'a b' is not valid"), h.getMessage());
    }

    @Test
    void aLauncherFailingHalfWayIsARuntimeFailureAndLeavesNothing(@TempDir Path base) throws Exception {
        // /proc is a file in this root: the child dies after mounting the overlay, before pivot_root.
        Path broken = BusyboxRootfs.create(Files.createDirectory(dir.resolve("broken")));
        Files.delete(broken.resolve("proc"));
        Files.writeString(broken.resolve("proc"), "not a directory");
        String mountsBefore = Files.readString(Path.of("/proc/self/mountinfo"));
        var f = assertThrows(RuntimeFailure.class, () -> Containers.run(new ContainerRuntime(base), broken, Map.of(),
                Limits.NONE, null, Duration.ofSeconds(10), "/bin/true"));
        assertEquals("cannot mount proc on /proc in the container: Not a directory", f.getMessage());
        assertEquals(mountsBefore, Files.readString(Path.of("/proc/self/mountinfo")));
        try (Stream<Path> s = Files.list(base)) {
            assertEquals(0, s.count());
        }
    }

    @Test
    void aTimeoutKillsTheWholeContainer() throws Exception {
        long t0 = System.nanoTime();
        Execution e = Containers.run(new ContainerRuntime(), rootfs, Map.of(), Limits.NONE, null, Duration.ofMillis(300),
                "/bin/sh", "-c", "sleep 20 & sleep 20");
        assertTrue(e.timedOut());
        assertEquals(137, e.exitCode());
        assertTrue(System.nanoTime() - t0 < 10_000_000_000L, "the kill must not wait for the sleeps");
    }

    @Test
    void orphansDieWithPidOne() throws Exception {
        // PID 1 exits at once, leaving a background sleep: the kernel kills it with the namespace.
        long t0 = System.nanoTime();
        Execution e = Containers.run(rootfs, "/bin/sh", "-c", "sleep 20 & exit 5");
        assertEquals(5, e.exitCode());
        assertTrue(System.nanoTime() - t0 < 5_000_000_000L);
    }

    @Test
    void overlayPathsOverlayCannotCarryAreRefused(@TempDir Path parent) throws Exception {
        Path odd = Files.createDirectory(parent.resolve("a,b"));
        Path oddRoot = BusyboxRootfs.create(Files.createDirectory(odd.resolve("root")));
        var f = assertThrows(RuntimeFailure.class, () -> Containers.run(oddRoot, "/bin/true"));
        assertTrue(f.getMessage().contains("which overlay mount options cannot carry"), f.getMessage());
    }

    @Test
    void overlayDirectoriesOfAKilledHarnessAreSweptByTheNext(@TempDir Path base) throws Exception {
        // pid 999999999 is above any pid_max: its owner cannot be alive.
        Path stale = Files.createDirectories(base.resolve(OverlayDirs.PREFIX + "999999999_5-1234/upper/some/file"));
        Path live = Files.createDirectories(base.resolve(OverlayDirs.PREFIX + Owner.current().tag() + "-in-use"));
        assertEquals(0, Containers.run(new ContainerRuntime(base), rootfs, Map.of(), Limits.NONE, null,
                Duration.ofSeconds(10), "/bin/true").exitCode());
        assertTrue(!Files.exists(stale) && !Files.exists(base.resolve(OverlayDirs.PREFIX + "999999999_5-1234")));
        assertTrue(Files.exists(live), "a live harness's directories stay");
    }

    @Test
    void anUpperDirectoryOverlayCannotUseIsOneSentenceWithTheFix(@TempDir Path tmp) throws Exception {
        // An overlay mounted on the host (as when isobench itself runs in a container): its
        // directories cannot be the upper layer of another overlay.
        Path lower = Files.createDirectories(tmp.resolve("l"));
        Path up = Files.createDirectories(tmp.resolve("u"));
        Path work = Files.createDirectories(tmp.resolve("w"));
        Path merged = Files.createDirectories(tmp.resolve("m"));
        run("mount", "-t", "overlay", "overlay", "-o", "lowerdir=" + lower + ",upperdir=" + up + ",workdir=" + work,
                merged.toString());
        try {
            var f = assertThrows(RuntimeFailure.class, () -> Containers.run(new ContainerRuntime(merged), rootfs,
                    Map.of("upper", "disk"), Limits.NONE, null, Duration.ofSeconds(10), "/bin/true"));
            assertTrue(f.getMessage().startsWith("cannot mount the overlay root: the filesystem of " + merged)
                    && f.getMessage().endsWith("point java.io.tmpdir at ext4, xfs or tmpfs)"), f.getMessage());
            // The default, an upper layer on the container's own tmpfs, does not care where the base is.
            assertEquals(0, Containers.run(new ContainerRuntime(merged), rootfs, Map.of(), Limits.NONE, null,
                    Duration.ofSeconds(10), "/bin/true").exitCode());
        } finally {
            run("umount", merged.toString());
        }
    }

    private static void run(String... argv) throws Exception {
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), String.join(" ", argv) + ": " + out);
    }
}
