package io.isobench.runtime.cgroup;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Removes one cgroup directory. rmdir fails with EBUSY for a moment after the last task
 * was killed (it is still exiting), so it is retried briefly, killing again in between.
 */
final class CgroupRemover {
    private static final long DEADLINE_MS = 3000;

    private CgroupRemover() {
    }

    /**
     * A cgroup's close(): kills what is left in it, runs {@code afterKill}, removes its
     * directories (children first, as given). close() cannot throw, so the problems are
     * printed as one line on stderr.
     */
    static void killAndRemove(Cgroup cgroup, List<Path> dirs, Runnable afterKill) {
        List<String> errors = new ArrayList<>();
        try {
            cgroup.killAll();
        } catch (IOException e) {
            errors.add(e.getMessage());
        }
        afterKill.run();
        for (Path dir : dirs) {
            remove(dir, errors);
        }
        if (!errors.isEmpty()) {
            System.err.println("isobench: cgroup cleanup: " + String.join("; ", errors));
        }
    }

    static void remove(Path dir, List<String> errors) {
        long deadline = System.currentTimeMillis() + DEADLINE_MS;
        while (true) {
            try {
                Files.delete(dir);
                return;
            } catch (NoSuchFileException gone) {
                return;
            } catch (IOException e) {
                // Child cgroups (rmdir: EBUSY) belong to the trial too: an OCI runtime (container:runc)
                // makes its container's cgroup below the trial's and leaves it for the harness to read.
                if (removeChildren(dir, errors)) {
                    continue;
                }
                if (System.currentTimeMillis() > deadline) {
                    errors.add("cannot remove " + dir + ": " + CgroupFiles.reason(e));
                    return;
                }
                for (long pid : CgroupFiles.readPids(dir.resolve("cgroup.procs"))) {
                    CgroupKiller.kill(pid);
                }
                CgroupKiller.sleep(10);
            }
        }
    }

    /** Removes the child cgroups of {@code dir}, deepest first; false when there was none or one stayed. */
    private static boolean removeChildren(Path dir, List<String> errors) {
        List<Path> children = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, Files::isDirectory)) {
            entries.forEach(children::add);
        } catch (IOException e) {
            return false;
        }
        int before = errors.size();
        for (Path c : children) {
            remove(c, errors);
        }
        return !children.isEmpty() && errors.size() == before;
    }
}
