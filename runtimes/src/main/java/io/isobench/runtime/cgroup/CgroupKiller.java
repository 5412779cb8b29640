package io.isobench.runtime.cgroup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.function.Supplier;

/**
 * Kills everything in a cgroup. Racing against a fork bomb needs either an atomic kill
 * (v2 {@code cgroup.kill}, kernel 5.14+) or the freezer (v1: freeze, SIGKILL every task,
 * thaw: frozen tasks cannot fork in between); without both we SIGKILL the listed pids
 * until the list stays empty, which wins against anything short of a fork bomb.
 */
final class CgroupKiller {
    private static final long DEADLINE_MS = 5000;

    private CgroupKiller() {
    }

    /**
     * @param pids        lists the processes still in the cgroup
     * @param cgroupKill  a v2 {@code cgroup.kill} file, or null
     * @param freezerDir  a v1 freezer cgroup directory, or null
     */
    static void killAll(Supplier<Collection<Long>> pids, Path cgroupKill, Path freezerDir) throws IOException {
        long deadline = System.currentTimeMillis() + DEADLINE_MS;
        if (pids.get().isEmpty()) {
            return;
        }
        if (cgroupKill != null && Files.exists(cgroupKill)) {
            CgroupFiles.write(cgroupKill, "1");
        }
        while (true) {
            Collection<Long> left = pids.get();
            if (left.isEmpty()) {
                return;
            }
            if (System.currentTimeMillis() > deadline) {
                throw new IOException("processes " + left + " are still running in the cgroup after SIGKILL");
            }
            boolean frozen = freezerDir != null && freeze(freezerDir);
            try {
                for (long pid : frozen ? pids.get() : left) {
                    kill(pid);
                }
            } finally {
                if (frozen) {
                    CgroupFiles.write(freezerDir.resolve("freezer.state"), "THAWED");
                }
            }
            sleep(5);
        }
    }

    private static boolean freeze(Path freezerDir) throws IOException {
        Path state = freezerDir.resolve("freezer.state");
        if (!Files.exists(state)) {
            return false;
        }
        CgroupFiles.write(state, "FROZEN");
        for (int i = 0; i < 100; i++) {
            if (CgroupFiles.read(state).strip().equals("FROZEN")) {
                return true;
            }
            sleep(2);
        }
        // Not frozen in time (a task in uninterruptible sleep): kill what we can anyway.
        return true;
    }

    static void kill(long pid) {
        if (pid == ProcessHandle.current().pid()) {
            return;
        }
        // SIGKILL; a pid that is already gone is fine.
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static List<Long> union(List<Path> procsFiles) {
        return procsFiles.stream().flatMap(p -> CgroupFiles.readPids(p).stream()).distinct().toList();
    }
}
