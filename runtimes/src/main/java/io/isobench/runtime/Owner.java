package io.isobench.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Who made a host-wide name: a process id plus its start time (field 22 of
 * {@code /proc/PID/stat}), because a pid alone is reused. A name is "left by a killed run"
 * only when no process with that pid and start time exists any more. Trial cgroups, the far
 * end's namespace and host links, and density's leftover check all go by it.
 *
 * @param pid       the owning process
 * @param startTime its start time in clock ticks since boot
 */
public record Owner(long pid, long startTime) {

    /** This JVM. */
    public static Owner current() {
        long pid = ProcessHandle.current().pid();
        try {
            return new Owner(pid, startTime(pid));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read this process's start time: " + e.getMessage(), e);
        }
    }

    /** {@code <pid>_<starttime>}, the form used in names. */
    public String tag() {
        return pid + "_" + startTime;
    }

    /** Whether the owner still runs. */
    public boolean alive() {
        try {
            return startTime(pid) == startTime;
        } catch (IOException e) {
            return false;
        }
    }

    /** Field 22 of {@code /proc/PID/stat}: the process's start time in clock ticks since boot. */
    public static long startTime(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        // The command name (field 2) may hold spaces and parentheses: count from the last ')'.
        String[] rest = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(rest[19]);
    }
}
