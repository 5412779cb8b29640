package io.isobench.runtime.container;

import io.isobench.runtime.Execution;
import io.isobench.runtime.Limits;
import io.isobench.runtime.RuntimeFailure;
import io.isobench.runtime.launch.NativeHelpers;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.RandomAccessFile;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The attacks runc and crun test for, tried from inside real containers (as root, in CI):
 * descriptors leaking in (CVE-2024-21626), the launcher's binary rewritten from inside
 * (CVE-2019-5736), masked paths as runc's mask.bats checks them. docs/security.md lists
 * what each test covers.
 */
class ContainerHardeningTest {
    @TempDir
    static Path dir;
    static Path rootfs;
    /** A launcher started by a careless parent: {@code probe hold-fds} opens fds 3-7 without close-on-exec. */
    static Path leakyLauncher;

    @BeforeAll
    static void rootfs() throws Exception {
        rootfs = BusyboxRootfs.create(Files.createDirectory(dir.resolve("rootfs")));
        Probe.installInto(rootfs);
        leakyLauncher = dir.resolve("leaky-launcher");
        Files.writeString(leakyLauncher, "#!/bin/sh\nexec " + Probe.path() + " hold-fds "
                + NativeHelpers.get().launcher() + " \"$@\"\n");
        Files.setPosixFilePermissions(leakyLauncher, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private static Execution leaky(Map<String, String> options, String... command) throws Exception {
        return Containers.run(new ContainerRuntime(dir, leakyLauncher), rootfs, options, Limits.NONE, null,
                Duration.ofSeconds(30), command);
    }

    @Test
    void noDescriptorOfTheHarnessOrTheLaunchersParentReachesTheCommand() throws Exception {
        // The harness holds a file, a listening socket and a directory; the launcher's parent
        // leaks a file, a directory, a socket pair and a listening socket into it.
        try (FileChannel file = new RandomAccessFile(dir.resolve("held").toFile(), "rw").getChannel();
             ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             DirectoryStream<Path> directory = Files.newDirectoryStream(dir)) {
            Execution e = leaky(Map.of(), Probe.IN_CONTAINER, "fds");
            assertTrue(e.stderr().contains("held 3 4 6 7 5"), "the wrapper must really leak fds 3-7: " + e.stderr());
            assertEquals(0, e.exitCode(), e.stderr());
            assertEquals("fds 0 1 2", e.stdout().strip());
            assertTrue(file.isOpen() && !socket.isClosed() && directory.iterator().hasNext());
        }
    }

    @Test
    void aWorkingDirectoryThroughAnInheritedDescriptorIsRefused() throws Exception {
        // fd 4 is the host's "/" (probe hold-fds); /proc/self/fd/4 would lead the command out of its root.
        Files.writeString(dir.resolve("host-marker"), "host");
        var f = assertThrows(RuntimeFailure.class, () -> leaky(Map.of("cwd", "/proc/self/fd/4"), "/bin/ls"));
        assertEquals("the working directory /proc/self/fd/4 is outside the container's root", f.getMessage());
        var g = assertThrows(RuntimeFailure.class, () -> leaky(Map.of("cwd", "/proc/self/fd/4/" + dir.toString().substring(1)),
                "/bin/cat", "host-marker"));
        assertTrue(g.getMessage().endsWith("is outside the container's root"), g.getMessage());
        // A working directory inside the root is fine, and relative paths resolve there.
        Execution ok = leaky(Map.of("cwd", "/etc"), "/bin/sh", "-c", "pwd; cat hosts");
        assertEquals(List.of("/etc", "127.0.0.1 localhost"), ok.stdout().lines().toList(), ok.stderr());
    }

    @Test
    void theLaunchersBinaryCannotBeReachedOrRewrittenFromInside() throws Exception {
        Path launcher = NativeHelpers.get().launcher();
        String before = sha256(launcher);
        String hostId = Files.getAttribute(launcher, "unix:dev") + ":" + Files.getAttribute(launcher, "unix:ino");
        // CVE-2019-5736's shape: an image whose "command" is a script interpreted by
        // /proc/self/exe re-enters the launcher as the container's PID 1; its child then goes
        // for PID 1's binary by every path it has.
        Path reenter = rootfs.resolve("reenter");
        Files.writeString(reenter, "#!/proc/self/exe --hostname\n");
        Files.setPosixFilePermissions(reenter, PosixFilePermissions.fromString("rwxr-xr-x"));
        String attack = "readlink /proc/1/exe; stat -L -c %d:%i /proc/1/exe; "
                + "echo x >> /proc/1/exe || echo refused; "
                + "exec 3</proc/1/exe; echo x >> /proc/self/fd/3 || echo refused; "
                + "test -e " + launcher + " || echo unreachable";
        Execution e = Containers.run(rootfs, "/reenter", "--", "/bin/sh", "-c", attack);
        List<String> lines = e.stdout().lines().toList();
        assertEquals(5, lines.size(), () -> e.stdout() + e.stderr());
        assertTrue(lines.get(0).startsWith("/memfd:isobench-launcher"), "PID 1 must run the sealed copy: " + lines.get(0));
        assertNotEquals(hostId, lines.get(1), "PID 1's binary is the host's launcher file");
        assertEquals(List.of("refused", "refused", "unreachable"), lines.subList(2, 5));
        assertEquals(before, sha256(launcher));
        // And no process of an ordinary container shows the launcher's file as its binary.
        Execution all = Containers.run(rootfs, "/bin/sh", "-c", "for p in /proc/[0-9]*; do stat -L -c %d:%i $p/exe; done");
        assertFalse(all.stdout().lines().anyMatch(hostId::equals), all.stdout());
    }

    @Test
    void maskedPathsReadEmptyRefuseWritesAndCannotBeUnmounted() throws Exception {
        // runc's tests/integration/mask.bats, on the default mask list: every masked path this host has.
        List<String> files = List.of("/proc/kcore", "/proc/keys", "/proc/timer_list", "/proc/sched_debug",
                "/proc/latency_stats").stream().filter(p -> Files.exists(Path.of(p))).toList();
        List<String> dirs = List.of("/proc/acpi", "/proc/scsi", "/sys/firmware").stream()
                .filter(p -> Files.exists(Path.of(p))).toList();
        assertTrue(files.size() >= 2 && !dirs.isEmpty(), "too few masked paths on this host: " + files + dirs);
        StringBuilder script = new StringBuilder();
        for (String f : files) {
            script.append("echo ").append(f).append(" $(head -c 1 ").append(f).append(" | wc -c);")
                    .append("echo x >> ").append(f).append(" && echo wrote;")
                    .append("umount ").append(f).append(" && echo unmounted;");
        }
        for (String d : dirs) {
            script.append("echo ").append(d).append(" $(ls -A ").append(d).append(" | wc -l);")
                    .append("touch ").append(d).append("/x && echo wrote;")
                    .append("rm -rf ").append(d).append(" && echo removed;")
                    .append("umount ").append(d).append(" && echo unmounted;");
        }
        Execution e = Containers.run(rootfs, "/bin/sh", "-c", script.toString());
        List<String> expected = new java.util.ArrayList<>();
        files.forEach(f -> expected.add(f + " 0"));
        dirs.forEach(d -> expected.add(d + " 0"));
        assertEquals(expected, e.stdout().lines().toList(), e.stderr());
        for (String p : files) {
            assertTrue(e.stderr().contains("can't create " + p + ": Read-only file system"), e.stderr());
        }
        for (String p : dirs) {
            assertTrue(e.stderr().contains(p + "/x: Read-only file system"), e.stderr());
        }
        assertEquals(files.size() + dirs.size(), e.stderr().lines().filter(l -> l.startsWith("umount:")
                && l.endsWith("Operation not permitted")).count(), e.stderr());
        // Read-only paths: a write of the value already there is refused too.
        Execution ro = Containers.run(rootfs, "/bin/sh", "-c", "cat /proc/sys/kernel/ns_last_pid > /proc/sys/kernel/ns_last_pid");
        assertTrue(ro.stderr().contains("Read-only file system"), ro.stderr());
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }
}
