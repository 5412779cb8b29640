package io.isobench.harness.cli;

import io.isobench.runtime.container.BusyboxRootfs;

import io.isobench.runtime.cgroup.CgroupManager;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static io.isobench.harness.cli.RunCommandTest.cli;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code isobench container run} as a user runs it: streams and exit codes pass through, bad input is one sentence. */
class ContainerCommandTest {
    @TempDir
    static Path dir;
    static Path rootfs;

    @BeforeAll
    static void rootfs() throws Exception {
        rootfs = BusyboxRootfs.create(Files.createDirectory(dir.resolve("rootfs")));
    }

    /** isobench in a child JVM, so that stdin, stdout and stderr are really its own. */
    static ProcessBuilder isobench(String... args) {
        List<String> argv = new ArrayList<>(List.of("env", "--default-signal=INT",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "io.isobench.harness.Main"));
        argv.addAll(List.of(args));
        return new ProcessBuilder(argv);
    }

    @Test
    void stdinStdoutStderrAndTheExitCodePassThrough(@TempDir Path tmp) throws Exception {
        Process p = isobench("container", "run", "--rootfs", rootfs.toString(), "--timeline", "--",
                "/bin/sh", "-c", "read x; echo got $x; echo to-stderr >&2; exit 9")
                .redirectError(tmp.resolve("err").toFile()).start();
        p.getOutputStream().write("hello\n".getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        String err = Files.readString(tmp.resolve("err"));
        assertEquals(9, p.exitValue(), err);
        assertEquals("got hello\n", out);
        assertTrue(err.contains("to-stderr"), err);
        assertTrue(err.matches("(?s).*timeline: launcher [0-9.]+ ms, cgroup [0-9.]+ ms, namespaces [0-9.]+ ms, root .* exit [0-9.]+ ms, total [0-9.]+ ms.*"), err);
    }

    @Test
    void badInputIsOneSentenceAndNonZero() throws Exception {
        var missing = cli("container", "run", "--rootfs", dir.resolve("nope").toString(), "--", "/bin/true");
        assertEquals(2, missing.code());
        assertEquals("isobench: the root filesystem " + dir.resolve("nope") + " does not exist", missing.err().strip());
        Path file = Files.writeString(dir.resolve("file"), "x");
        var notDir = cli("container", "run", "--rootfs", file.toString(), "--", "/bin/true");
        assertEquals(2, notDir.code());
        assertEquals("isobench: the root filesystem " + file + " is not a directory", notDir.err().strip());
        var size = cli("container", "run", "--rootfs", rootfs.toString(), "--memory", "lots", "--", "/bin/true");
        assertEquals(2, size.code());
        assertEquals("isobench: bad size 'lots' for --memory (use e.g. 512M or 2G)", size.err().strip());
        var seccomp = cli("container", "run", "--rootfs", rootfs.toString(), "--seccomp", "maybe", "--", "/bin/true");
        assertEquals(2, seccomp.code());
        assertEquals("isobench: --seccomp takes on or off, not 'maybe'", seccomp.err().strip());
        var noCommand = cli("container", "run", "--rootfs", rootfs.toString());
        assertEquals(2, noCommand.code());
        assertTrue(noCommand.err().strip().lines().count() == 1, noCommand.err());
    }

    @Test
    void aMissingCommandIsOneLineAndExit127(@TempDir Path tmp) throws Exception {
        Process p = isobench("container", "run", "--rootfs", rootfs.toString(), "--", "/no/such")
                .redirectErrorStream(true).redirectOutput(tmp.resolve("out").toFile()).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        String out = Files.readString(tmp.resolve("out"));
        assertEquals(127, p.exitValue(), out);
        assertEquals(List.of("isobench launcher: cannot execute /no/such: No such file or directory"), out.lines().toList());
    }

    @Test
    void outOfMemoryIsNamed() {
        var oom = cli("container", "run", "--rootfs", rootfs.toString(), "--memory", "16M", "--",
                "/bin/dd", "if=/dev/zero", "of=/dev/null", "bs=64M", "count=1");
        assertEquals(137, oom.code());
        assertTrue(oom.err().contains("isobench: out of memory (limit 16 MiB)"), oom.err());
    }

    @Test
    void sigintLeavesNoProcessCgroupMountOrDirectory(@TempDir Path tmp) throws Exception {
        String mountsBefore = Files.readString(Path.of("/proc/self/mountinfo"));
        Process p = isobench("container", "run", "--rootfs", rootfs.toString(), "--", "/bin/sleep", "61")
                .redirectErrorStream(true).redirectOutput(tmp.resolve("log").toFile()).start();
        try {
            ProcessHandle sleep = null;
            long deadline = System.currentTimeMillis() + 30_000;
            while (sleep == null) {
                assertTrue(p.isAlive(), "isobench ended early: " + Files.readString(tmp.resolve("log")));
                assertTrue(System.currentTimeMillis() < deadline, "the container did not start");
                sleep = p.toHandle().descendants().filter(h -> cmdline(h).equals("/bin/sleep 61")).findFirst().orElse(null);
                Thread.sleep(20);
            }
            List<ProcessHandle> all = p.toHandle().descendants().toList();
            new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor();
            assertTrue(p.waitFor(30, TimeUnit.SECONDS), "isobench did not stop after SIGINT");
            assertEquals(130, p.exitValue(), Files.readString(tmp.resolve("log")));
            for (ProcessHandle h : all) {
                long reap = System.currentTimeMillis() + 5_000;
                while (h.isAlive() && System.currentTimeMillis() < reap) {
                    Thread.sleep(20);
                }
                assertFalse(h.isAlive(), h.pid() + " " + h.info().commandLine().orElse("") + " survived");
            }
            assertEquals(List.of(), leftovers(p.pid()));
            assertEquals(mountsBefore, Files.readString(Path.of("/proc/self/mountinfo")));
        } finally {
            p.destroyForcibly();
        }
    }

    /** argv joined by spaces, from /proc (ProcessHandle.Info names the executable as the host sees it). */
    static String cmdline(ProcessHandle h) {
        try {
            return Files.readString(Path.of("/proc", Long.toString(h.pid()), "cmdline")).replace('\0', ' ').strip();
        } catch (IOException gone) {
            return "";
        }
    }

    /** Cgroups and overlay directories named after the isobench process. */
    static List<Path> leftovers(long pid) throws IOException {
        List<Path> left = new ArrayList<>();
        for (Path parent : CgroupManager.open().parents()) {
            try (Stream<Path> list = Files.list(parent)) {
                list.filter(d -> d.getFileName().toString().startsWith("isobench-" + pid + "_")).forEach(left::add);
            }
        }
        try (Stream<Path> list = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            list.filter(d -> d.getFileName().toString().startsWith("isobench-container-" + pid + "_")).forEach(left::add);
        }
        return left;
    }
}
