package io.isobench.runtime.container;

import io.isobench.runtime.Execution;
import io.isobench.runtime.Launch;
import io.isobench.runtime.Limits;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the container must hide and enforce, checked from inside a real container on a busybox root. */
class ContainerIsolationTest {
    /** The documented capability set (docs/container.md, caps.c) as the kernel's bit mask. */
    static final long DEFAULT_CAPS = bits(0 /* CHOWN */, 1 /* DAC_OVERRIDE */, 3 /* FOWNER */, 4 /* FSETID */,
            5 /* KILL */, 6 /* SETGID */, 7 /* SETUID */, 8 /* SETPCAP */, 10 /* NET_BIND_SERVICE */, 13 /* NET_RAW */,
            18 /* SYS_CHROOT */, 27 /* MKNOD */, 29 /* AUDIT_WRITE */, 31 /* SETFCAP */);

    @TempDir
    static Path dir;
    static Path rootfs;

    @BeforeAll
    static void rootfs() throws Exception {
        rootfs = BusyboxRootfs.create(Files.createDirectory(dir.resolve("rootfs")));
    }

    static long bits(int... caps) {
        return Arrays.stream(caps).mapToLong(c -> 1L << c).reduce(0, (a, b) -> a | b);
    }

    static Execution ok(Execution e) {
        assertEquals(0, e.exitCode(), () -> "exit " + e.exitCode() + ", stderr: " + e.stderr());
        return e;
    }

    @Test
    void theCommandIsPidOneAndNoHostProcessIsVisible() throws Exception {
        assertEquals("1", ok(Containers.run(rootfs, "/bin/cat", "/proc/self/stat")).stdout().split(" ")[0]);
        String[] procs = ok(Containers.run(rootfs, "/bin/sh", "-c", "echo $$; ls /proc; true")).stdout().split("\\s+");
        assertEquals("1", procs[0]);
        List<String> pids = Arrays.stream(procs).skip(1).filter(s -> s.matches("\\d+")).toList();
        // sh itself (1) and ls (2): nothing of the host's processes.
        assertEquals(List.of("1", "2"), pids);
        try (Stream<Path> host = Files.list(Path.of("/proc"))) {
            assertTrue(host.filter(p -> p.getFileName().toString().matches("\\d+")).count() > 10);
        }
    }

    @Test
    void theHostnameIsTheContainersOwn() throws Exception {
        String host = Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
        String inside = ok(Containers.run(rootfs, "/bin/hostname")).stdout().strip();
        assertEquals(ContainerSettings.DEFAULT_HOSTNAME, inside);
        assertNotEquals(host, inside);
        assertEquals("box-7", ok(Containers.run(rootfs, Map.of("hostname", "box-7"), "/bin/hostname")).stdout().strip());
    }

    @Test
    void onlyLoopbackExistsAndItIsUp() throws Exception {
        Execution e = ok(Containers.run(rootfs, "/bin/sh", "-c",
                "ls /sys/class/net; cat /sys/class/net/lo/flags; ping -c 1 -W 2 127.0.0.1 >/dev/null && echo pong"));
        List<String> lines = e.stdout().lines().toList();
        assertEquals("lo", lines.get(0));
        assertEquals(1, Integer.decode(lines.get(1)) & 1, "lo is not up: flags " + lines.get(1));
        assertEquals("pong", lines.get(2));
        assertEquals(3, lines.size());
    }

    @Test
    void theHostsRootFilesystemIsNotReachable() throws Exception {
        String marker = "isobench-marker-" + UUID.randomUUID();
        Files.writeString(dir.resolve(marker), "host only");
        Execution e = Containers.run(rootfs, "/bin/sh", "-c", "find / -name '" + marker + "' 2>/dev/null; "
                + "cat /proc/self/mountinfo");
        assertFalse(e.stdout().contains(marker), e.stdout());
        assertFalse(e.stdout().contains(rootfs.toString() + " "), "a mount still names the host path: " + e.stdout());
        // The root is the overlay; the host's root mount is gone, not just hidden.
        assertTrue(e.stdout().lines().anyMatch(l -> l.contains(" / / ") && l.contains(" - overlay ")), e.stdout());
    }

    @Test
    void writesLandInATmpfsUpperLayerAndVanishWithTheContainer(@TempDir Path base) throws Exception {
        Execution e = ok(Containers.run(new ContainerRuntime(base), rootfs, Map.of(), Limits.NONE, null,
                Duration.ofSeconds(30), "/bin/sh", "-c", "echo hello > /written && cat /written && cat /proc/self/mountinfo"));
        assertTrue(e.stdout().startsWith("hello\n"), e.stdout());
        // The root is an overlay whose upper layer is in the instance's state directory (a tmpfs there).
        String root = e.stdout().lines().filter(l -> l.contains(" / / ")).findFirst().orElseThrow();
        assertTrue(root.contains(" - overlay ") && root.contains("upperdir=" + base.toRealPath()), root);
        assertFalse(Files.exists(rootfs.resolve("written")));
        try (Stream<Path> s = Files.list(base)) {
            assertEquals(0, s.count(), "the state directory must be removed");
        }
        assertEquals(1, Containers.run(rootfs, "/bin/test", "-e", "/written").exitCode());
    }

    @Test
    void writesLandInADiskUpperLayerAndVanishWithTheContainer(@TempDir Path base) throws Exception {
        ContainerRuntime runtime = new ContainerRuntime(base);
        // While the container runs, its write is in its upper layer on the host, not in the rootfs.
        CompletableFuture<Execution> running = CompletableFuture.supplyAsync(() -> {
            try {
                return Containers.run(runtime, rootfs, Map.of("upper", "disk"), Limits.NONE, null, Duration.ofSeconds(30),
                        "/bin/sh", "-c", "echo hello > /written && echo ok > /tmp/in-tmpfs && exec sleep 31");
            } catch (Exception ex) {
                throw new RuntimeException(ex);
            }
        });
        Path written = null;
        for (int i = 0; i < 500 && written == null; i++) {
            try (Stream<Path> s = Files.list(base)) {
                written = s.map(d -> d.resolve("upper/written")).filter(Files::exists).findFirst().orElse(null);
            }
            Thread.sleep(10);
        }
        assertTrue(written != null, "no /written in any upper layer under " + base);
        assertEquals("hello\n", Files.readString(written));
        assertFalse(Files.exists(rootfs.resolve("written")));
        assertFalse(Files.exists(written.getParent().resolve("tmp/in-tmpfs")), "/tmp must be a tmpfs, not the upper layer");
        // Kill the container's PID 1 from the host: the exit code is 128+9.
        long pid1 = containerInit(written.getParent().getParent());
        new ProcessBuilder("kill", "-9", Long.toString(pid1)).start().waitFor();
        Execution e = running.get(20, TimeUnit.SECONDS);
        assertEquals(137, e.exitCode());
        assertFalse(e.timedOut());
        try (Stream<Path> s = Files.list(base)) {
            assertEquals(0, s.count(), "the overlay directories must be removed");
        }
        assertEquals(1, Containers.run(rootfs, "/bin/test", "-e", "/written").exitCode());
    }

    /** The host pid of the container's PID 1 ({@code sleep 31}, PID 1 in its own namespace). */
    private static long containerInit(Path overlayDir) throws Exception {
        for (int i = 0; i < 200; i++) {
            try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
                for (Path p : (Iterable<Path>) procs.filter(q -> q.getFileName().toString().matches("\\d+"))::iterator) {
                    try {
                        String cmd = Files.readString(p.resolve("cmdline")).replace('\0', ' ');
                        String status = Files.readString(p.resolve("status"));
                        if (cmd.equals("sleep 31 ") && status.contains("NSpid:")
                                && status.lines().filter(l -> l.startsWith("NSpid:")).findFirst().orElse("").endsWith("\t1")) {
                            return Long.parseLong(p.getFileName().toString());
                        }
                    } catch (java.io.IOException gone) {
                        // raced with an exiting process
                    }
                }
            }
            Thread.sleep(10);
        }
        throw new AssertionError("container PID 1 not found for " + overlayDir);
    }

    @Test
    void capabilitiesAreTheDocumentedSet() throws Exception {
        Map<String, Long> caps = capabilities(ok(Containers.run(rootfs, "/bin/cat", "/proc/self/status")).stdout());
        assertEquals(DEFAULT_CAPS, caps.get("CapEff"), () -> Long.toHexString(caps.get("CapEff")));
        assertEquals(DEFAULT_CAPS, caps.get("CapPrm"));
        assertEquals(DEFAULT_CAPS, caps.get("CapBnd"));
        assertEquals(0L, caps.get("CapInh"));
        assertEquals(0L, caps.get("CapAmb"));
        Map<String, Long> all = capabilities(ok(Containers.run(rootfs, Map.of("caps", "off"), "/bin/cat",
                "/proc/self/status")).stdout());
        assertTrue((all.get("CapEff") & (1L << 21 /* SYS_ADMIN */)) != 0, "--caps off keeps root's capabilities");
    }

    static Map<String, Long> capabilities(String status) {
        return status.lines().filter(l -> l.startsWith("Cap")).collect(java.util.stream.Collectors.toMap(
                l -> l.substring(0, l.indexOf(':')), l -> Long.parseUnsignedLong(l.substring(l.indexOf(':') + 1).strip(), 16)));
    }

    @Test
    void noNewPrivsAndSeccompAreOn() throws Exception {
        String status = ok(Containers.run(rootfs, "/bin/cat", "/proc/self/status")).stdout();
        assertTrue(status.contains("NoNewPrivs:\t1"), status);
        assertTrue(status.contains("Seccomp:\t2"), status);
        String off = ok(Containers.run(rootfs, Map.of("seccomp", "off", "nnp", "off"), "/bin/cat", "/proc/self/status")).stdout();
        assertTrue(off.contains("NoNewPrivs:\t0") && off.contains("Seccomp:\t0"), off);
    }

    @Test
    void aDeniedSystemCallFailsWithEperm() throws Exception {
        // With every capability kept, only the filter stands between the command and mount(2)/unshare(2).
        Map<String, String> capsOff = Map.of("caps", "off");
        Execution mount = Containers.run(rootfs, capsOff, "/bin/mount", "-t", "tmpfs", "none", "/mnt");
        assertNotEquals(0, mount.exitCode(), mount.stderr());
        assertTrue(mount.stderr().contains("permission denied"), mount.stderr());
        Execution unshare = Containers.run(rootfs, capsOff, "/bin/unshare", "-n", "/bin/true");
        assertTrue(unshare.stderr().contains("Operation not permitted"), unshare.stderr());
        // The same calls succeed without the filter: it is the filter that said EPERM.
        ok(Containers.run(rootfs, Map.of("caps", "off", "seccomp", "off"), "/bin/mount", "-t", "tmpfs", "none", "/mnt"));
        ok(Containers.run(rootfs, Map.of("caps", "off", "seccomp", "off"), "/bin/unshare", "-n", "/bin/true"));
    }

    @Test
    void hostPathsInProcAreMaskedOrReadOnly() throws Exception {
        Execution e = Containers.run(rootfs, "/bin/sh", "-c",
                "echo 1 > /proc/sys/kernel/ns_last_pid && echo wrote; grep -c ' /proc/sys ' /proc/self/mountinfo");
        assertFalse(e.stdout().contains("wrote"), e.stdout());
        assertTrue(e.stderr().contains("Read-only file system"), e.stderr());
        assertEquals("1", e.stdout().strip());
        Execution off = Containers.run(rootfs, Map.of("mask", "off"), "/bin/grep", "-c", " /proc/sys ", "/proc/self/mountinfo");
        assertEquals("0", off.stdout().strip());
    }

    @Test
    void devHasTheMinimalDeviceSet() throws Exception {
        String ls = ok(Containers.run(rootfs, "/bin/ls", "/dev")).stdout();
        assertEquals(List.of("fd", "full", "null", "ptmx", "pts", "random", "shm", "stderr", "stdin", "stdout", "tty",
                "urandom", "zero"), ls.lines().sorted().toList());
        assertEquals("0000000", ok(Containers.run(rootfs, "/bin/sh", "-c", "head -c 4 /dev/zero | od -An -o | tr -d ' \\n'"))
                .stdout().strip().substring(0, 7));
    }

    @Test
    void theScratchDirectoryIsBoundAtScratch(@TempDir Path scratch) throws Exception {
        Execution e = ok(Containers.run(new ContainerRuntime(), rootfs, Map.of(), Limits.NONE, scratch, Duration.ofSeconds(30),
                "/bin/sh", "-c", "echo data > $ISOBENCH_SCRATCH/file; echo $ISOBENCH_SCRATCH"));
        assertEquals(Launch.SCRATCH_PATH, e.stdout().strip());
        assertEquals("data\n", Files.readString(scratch.resolve("file")));
    }

    @Test
    void theMemoryLimitIsEnforced() throws Exception {
        Limits limits = new Limits(null, 16L << 20, null);
        Execution e = Containers.run(new ContainerRuntime(), rootfs, Map.of(), limits, null, Duration.ofSeconds(30),
                "/bin/dd", "if=/dev/zero", "of=/dev/null", "bs=64M", "count=1");
        assertEquals(137, e.exitCode());
        assertEquals("out of memory (limit 16 MiB)", e.failure());
        // Within the limit it runs; and the next container is unaffected.
        assertNull(ok(Containers.run(new ContainerRuntime(), rootfs, Map.of(), limits, null, Duration.ofSeconds(30),
                "/bin/dd", "if=/dev/zero", "of=/dev/null", "bs=4M", "count=1")).failure());
    }

    @Test
    void exitCodesPassThroughAndPhasesAreMarked() throws Exception {
        Execution e = Containers.run(rootfs, "/bin/sh", "-c", "exit 42");
        assertEquals(42, e.exitCode());
        assertEquals(List.of("launcher", "cgroup", "namespaces", "root", "network", "secured", "exec", "exit"),
                e.marks().stream().map(m -> m.name()).toList());
        long previous = e.spawnNs();
        for (var m : e.marks()) {
            assertTrue(m.monotonicNs() >= previous, "marks in time order");
            previous = m.monotonicNs();
        }
    }

    @Test
    void theCgroupNamespaceIsRootedAtTheTrialCgroupWhichIsMountedReadOnly() throws Exception {
        String cg = ok(Containers.run(rootfs, "/bin/cat", "/proc/self/cgroup")).stdout();
        assertTrue(cg.lines().allMatch(l -> l.endsWith(":/")), cg);
        // The trial's own limits are visible where the JVM looks for them (v1/hybrid: per controller; v2: one tree).
        Limits limits = new Limits(null, 64L << 20, null);
        Execution e = ok(Containers.run(new ContainerRuntime(), rootfs, Map.of(), limits, null, Duration.ofSeconds(30),
                "/bin/sh", "-c", "cat /sys/fs/cgroup/memory/memory.limit_in_bytes 2>/dev/null || cat /sys/fs/cgroup/memory.max;"
                        + " cat /sys/fs/cgroup/pids/pids.max 2>/dev/null || cat /sys/fs/cgroup/pids.max;"
                        + " touch /sys/fs/cgroup/x 2>/dev/null || echo read-only"));
        assertEquals(List.of(Long.toString(64L << 20), Integer.toString(ContainerRuntime.DEFAULT_PIDS), "read-only"),
                e.stdout().lines().toList());
    }

}
