package io.isobench.runtime.launch;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.FileInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Spawn against real programs: the same contract as ProcessBuilder.start() for what isobench uses. */
class SpawnTest {
    @TempDir
    Path dir;

    @Test
    void usesPosixSpawnOnThisHost() {
        // Debian 12's glibc (2.36) has every call; a silent fallback would bring the 2 ms floor back.
        assertTrue(Spawn.mechanism().startsWith("posix_spawn"), Spawn.mechanism());
    }

    @Test
    void pipesDirectoryEnvironmentAndExitCode() throws Exception {
        ProcessBuilder pb = new ProcessBuilder("sh", "-c", "pwd; echo \"$ONLY\" \"${HOME:-nohome}\"; echo err >&2; exit 7")
                .directory(dir.toFile());
        pb.environment().clear();
        pb.environment().put("ONLY", "this");
        pb.environment().put("PATH", "/usr/bin:/bin");
        Process p = Spawn.start(pb);
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(7, p.waitFor());
        assertEquals(dir.toRealPath() + "\nthis nohome\n", out);
        assertEquals("err\n", err);
        assertFalse(p.isAlive());
    }

    @Test
    void stdinPipeFilesAndMergedErrors() throws Exception {
        Path log = dir.resolve("log");
        Process p = Spawn.start(new ProcessBuilder("sh", "-c", "cat; echo to-err >&2")
                .redirectOutput(log.toFile()).redirectErrorStream(true));
        p.getOutputStream().write("from-stdin\n".getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        assertEquals(0, p.waitFor());
        assertEquals("from-stdin\nto-err\n", Files.readString(log));

        Path input = Files.writeString(dir.resolve("in"), "file-input\n");
        Process q = Spawn.start(new ProcessBuilder("cat").redirectInput(input.toFile())
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())));
        assertEquals(0, q.waitFor());
        assertEquals("from-stdin\nto-err\nfile-input\n", Files.readString(log));
    }

    @Test
    void killedChildAndTimeout() throws Exception {
        Process p = Spawn.start(new ProcessBuilder("sleep", "60"));
        assertFalse(p.waitFor(100, TimeUnit.MILLISECONDS));
        assertTrue(p.isAlive());
        assertThrows(IllegalThreadStateException.class, p::exitValue);
        p.destroyForcibly();
        assertTrue(p.waitFor(10, TimeUnit.SECONDS));
        assertEquals(128 + 9, p.exitValue(), "as the JDK reports a signal: 128 + SIGKILL");
        p.destroyForcibly(); // reaped: must not signal whoever gets the number next
        assertEquals(p, p.onExit().get(1, TimeUnit.SECONDS));
    }

    /** Ctrl-C interrupts the trial thread: a caller waiting in poll must notice within a slice. */
    @Test
    void aWaitingCallerIsInterruptibleAndOthersSeeTheSameEnd() throws Exception {
        Process p = Spawn.start(new ProcessBuilder("sleep", "60"));
        Thread waiter = new Thread(() -> {
            try {
                p.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        waiter.start();
        Thread.sleep(200);
        waiter.interrupt();
        waiter.join(2000);
        assertFalse(waiter.isAlive(), "waitFor did not return on interrupt");
        assertTrue(p.isAlive());
        var onExit = p.onExit();
        p.destroy();
        assertEquals(128 + 15, p.waitFor(), "SIGTERM");
        assertEquals(p, onExit.get(5, TimeUnit.SECONDS));
        assertEquals(128 + 15, p.exitValue());
    }

    @Test
    void theChildGetsNoneOfTheJvmsDescriptors() throws Exception {
        Path marker = Files.writeString(dir.resolve("marker"), "x");
        try (FileInputStream held = new FileInputStream(marker.toFile())) {
            Process p = Spawn.start(new ProcessBuilder("sh", "-c", "ls -l /proc/$$/fd/"));
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, p.waitFor());
            assertFalse(out.contains(marker.toString()), "a descriptor of the JVM leaked into the child:\n" + out);
            assertTrue(out.contains(" 0 -> ") && out.contains(" 1 -> ") && out.contains(" 2 -> "), out);
            held.read();
        }
    }

    @Test
    void aMissingProgramIsOneSentence() {
        IOException e = assertThrows(IOException.class,
                () -> Spawn.start(new ProcessBuilder("/nonexistent/isobench-no-such-program")));
        assertTrue(e.getMessage().contains("Cannot run program \"/nonexistent/isobench-no-such-program\"")
                && e.getMessage().contains("No such file or directory"), e.getMessage());
        IOException d = assertThrows(IOException.class,
                () -> Spawn.start(new ProcessBuilder("true").directory(dir.resolve("gone").toFile())));
        assertTrue(d.getMessage().contains("in directory"), d.getMessage());
    }

    @Test
    void manyStartsLeaveNoZombieOrDescriptor() throws Exception {
        long fdsBefore = openDescriptors();
        for (int i = 0; i < 200; i++) {
            Process p = Spawn.start(new ProcessBuilder("true"));
            p.getInputStream().close();
            p.getErrorStream().close();
            assertEquals(0, p.waitFor());
        }
        assertTrue(openDescriptors() <= fdsBefore + 4, "descriptors before " + fdsBefore + ", after " + openDescriptors()
                + ": " + listDescriptors());
        long zombies = ProcessHandle.current().children().filter(h -> h.info().command().isEmpty()).count();
        assertEquals(0, zombies, "children left: " + ProcessHandle.current().children().map(h -> h.pid() + "").toList());
    }

    private static String listDescriptors() throws IOException {
        try (var s = Files.list(Path.of("/proc/self/fd"))) {
            return s.map(f -> {
                try {
                    return f.getFileName() + "->" + Files.readSymbolicLink(f);
                } catch (IOException e) {
                    return f.getFileName() + "->?";
                }
            }).toList().toString();
        }
    }

    private static long openDescriptors() throws IOException {
        try (var s = Files.list(Path.of("/proc/self/fd"))) {
            return s.count();
        }
    }
}
