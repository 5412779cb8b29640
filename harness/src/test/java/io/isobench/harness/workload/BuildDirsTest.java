package io.isobench.harness.workload;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Work directories of killed builds are swept; those of live processes and everything else stay. */
class BuildDirsTest {

    @Test
    void onlyWorkDirectoriesOfDeadProcessesAreSwept(@TempDir Path cache) throws Exception {
        // A PID that is not running: a short-lived child that has exited.
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        long deadPid = gone.pid();
        Files.createDirectories(cache.resolve(".building-debian-abc-" + deadPid + "/usr/bin"));
        Files.createDirectories(cache.resolve(".docker-archive-123-" + deadPid));
        Files.createDirectories(BuildDirs.of(cache, "building", "oci-def"));
        Files.createDirectories(cache.resolve("debian-bookworm-abc"));
        Files.createDirectories(cache.resolve(".not-ours"));
        BuildDirs.sweepDead(cache);
        try (Stream<Path> left = Files.list(cache)) {
            assertEquals(List.of(".building-oci-def-" + ProcessHandle.current().pid(), ".not-ours", "debian-bookworm-abc"),
                    left.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }
}
