package io.isobench.runtime;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OwnedTempDirsTest {

    @Test
    void onlyTheDirectoriesOfOwnersThatAreGoneAreSwept(@TempDir Path base) throws Exception {
        Owner me = Owner.current();
        // The same pid with another start time: the pid was reused, the owner is gone.
        Owner gone = new Owner(me.pid(), me.startTime() + 1);
        // A process that lives until its start time is read (`true` may be gone before that).
        Process exited = new ProcessBuilder("sleep", "60").start();
        long exitedStart = Owner.startTime(exited.pid());
        exited.destroyForcibly().waitFor();
        Owner dead = new Owner(exited.pid(), exitedStart);

        Path mine = Files.createDirectory(base.resolve("isobench-launch-" + me.tag() + "-1"));
        Path reused = Files.createDirectories(base.resolve("isobench-instance-" + gone.tag() + "-2/stderr"));
        Path killed = Files.createDirectory(base.resolve("isobench-vm-" + dead.tag() + "-3"));
        Files.writeString(killed.resolve("report.json"), "{}");
        Path untagged = Files.createDirectory(base.resolve("isobench-instance12345"));
        Path other = Files.createDirectory(base.resolve("isobench-scratch-" + gone.tag() + "-4"));
        Path huge = Files.createDirectory(base.resolve("isobench-launch-99999999999999999999_1-5"));

        List<Path> removed = OwnedTempDirs.sweepStale(base);

        assertEquals(2, removed.size(), removed.toString());
        assertFalse(Files.exists(reused.getParent()));
        assertFalse(Files.exists(killed));
        for (Path kept : List.of(mine, untagged, other, huge)) {
            assertTrue(Files.isDirectory(kept), kept + " is not a stale owned directory and must stay");
        }
    }

    @Test
    void aCreatedDirectoryCarriesItsOwnerAndAnUnknownPrefixIsRefused() throws Exception {
        Path dir = OwnedTempDirs.create("isobench-launch-");
        try {
            assertTrue(dir.getFileName().toString().startsWith("isobench-launch-" + Owner.current().tag() + "-"), dir.toString());
            assertTrue(OwnedTempDirs.sweepStale(dir.getParent()).stream().noneMatch(dir::equals), "a live owner's directory stays");
            assertTrue(Files.isDirectory(dir));
        } finally {
            FileTrees.deleteQuietly(dir);
        }
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> OwnedTempDirs.create("other-"));
    }
}
