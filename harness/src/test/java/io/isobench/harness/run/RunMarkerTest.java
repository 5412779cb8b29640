package io.isobench.harness.run;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Two runs at once on one host: the second is warned; markers of dead runs are ignored and removed. */
class RunMarkerTest {
    @Test
    void aLiveRunIsWarnedAboutAndADeadOnesMarkerIsSwept(@TempDir Path dir) throws Exception {
        Process other = new ProcessBuilder("sleep", "60").start();
        try {
            long started = other.toHandle().info().startInstant().orElseThrow().toEpochMilli();
            Files.writeString(dir.resolve("run-" + other.pid()), other.pid() + " " + started + "\n");
            // pid 999999999 is above any pid_max; and a live pid with another start time is a reused pid.
            Files.writeString(dir.resolve("run-999999999"), "999999999 1\n");
            long self = ProcessHandle.current().pid();
            Files.writeString(dir.resolve("run-reused"), self + " 1\n");
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            try (RunMarker marker = RunMarker.place(dir, new PrintStream(err, true, StandardCharsets.UTF_8))) {
                assertEquals("isobench: warning: another isobench run is going on on this host (pid " + other.pid()
                        + "): concurrent runs disturb each other's measurements", err.toString(StandardCharsets.UTF_8).strip());
                assertFalse(Files.exists(dir.resolve("run-999999999")));
                assertFalse(Files.exists(dir.resolve("run-reused")));
                assertTrue(Files.exists(dir.resolve("run-" + self)));
            }
            assertFalse(Files.exists(dir.resolve("run-" + ProcessHandle.current().pid())), "removed at the end");
        } finally {
            other.destroyForcibly();
        }
        other.waitFor();
        ByteArrayOutputStream quiet = new ByteArrayOutputStream();
        try (RunMarker marker = RunMarker.place(dir, new PrintStream(quiet, true, StandardCharsets.UTF_8))) {
            assertEquals("", quiet.toString(StandardCharsets.UTF_8), "the other run has ended: no warning");
        }
    }
}
