package io.isobench.harness.density;

import io.isobench.runtime.Owner;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * "Nothing left behind", checked rather than assumed: after teardown, none of the instances'
 * processes (same pid AND same start time, so a recycled pid is not mistaken for ours), cgroup
 * directories, host paths or mounts on those paths may still exist.
 */
public final class Leftovers {
    private Leftovers() {
    }

    /** Start time of a process in clock ticks since boot (field 22 of /proc/PID/stat), -1 when gone. */
    public static long startTime(long pid) {
        try {
            return Owner.startTime(pid);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static boolean zombie(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /**
     * @param processes pid → start time recorded while the instances ran
     * @param cgroupDirs every instance's cgroup directories
     * @param paths     every instance's host paths
     * @return one line per leftover; empty when clean
     */
    public static List<String> check(Map<Long, Long> processes, List<Path> cgroupDirs, List<Path> paths) {
        List<String> left = new ArrayList<>();
        // A killed process whose parent died with it is reaped by init a moment later: give
        // that a bounded moment before calling it a leftover.
        long deadline = System.nanoTime() + 3_000_000_000L;
        while (System.nanoTime() < deadline && processes.entrySet().stream()
                .anyMatch(e -> e.getValue() >= 0 && startTime(e.getKey()) == e.getValue())) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        processes.forEach((pid, start) -> {
            if (start >= 0 && startTime(pid) == start) {
                left.add("process " + pid + (zombie(pid) ? " exited but was not reaped by its parent (zombie)" : " still runs"));
            }
        });
        for (Path dir : cgroupDirs) {
            if (Files.exists(dir)) {
                left.add("cgroup " + dir + " still exists");
            }
        }
        for (Path p : paths) {
            if (Files.exists(p)) {
                left.add("path " + p + " still exists");
            }
        }
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
                for (Path p : paths) {
                    if (line.contains(" " + p + " ") || line.contains(" " + p + "/")) {
                        left.add("mount on " + p + " still exists");
                    }
                }
            }
        } catch (IOException e) {
            left.add("cannot read /proc/self/mountinfo to check mounts: " + e.getMessage());
        }
        return left;
    }
}
