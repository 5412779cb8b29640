package io.isobench.runtime.vmvariant;

import io.isobench.model.VmStats;
import io.isobench.runtime.Execution;
import io.isobench.runtime.Launch;
import io.isobench.runtime.RuntimeFailure;
import io.isobench.runtime.Stdio;
import io.isobench.runtime.launch.LauncherProcess;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One trial of a monitor that has only the guest's console to say what happened
 * ({@code vm:firecracker}, {@code vm:cloud-hypervisor}): the monitor is started through
 * isobench's launcher in bare mode, inside the trial's cgroup in every hierarchy before it execs
 * (as QEMU, runc and our own monitor are), under the trial's timeout. Without guest-init's
 * COM2 and marker port no workload status reaches the host, so the trial ends as a failure that
 * says so, with the console's and the monitor's last lines.
 */
public final class MonitorTrial {
    private MonitorTrial() {
    }

    /**
     * @param monitor     the monitor's name in sentences ("Firecracker")
     * @param consoleLog  the console's file, or null when the console is the monitor's stdout
     */
    public static Execution run(Launch launch, List<String> argv, Path work, String monitor, Path consoleLog, long guestBytes)
            throws RuntimeFailure {
        Launch process = new Launch(launch.rootfs(), argv, Map.of(), launch.limits(), launch.cgroup(), null,
                launch.timeout(), Stdio.CAPTURE, Map.of(), null);
        Execution e = new LauncherProcess().run(process, work, Map.of("PATH", "/usr/bin:/bin"), List.of());
        String console = consoleLog == null ? e.stdout() : read(consoleLog);
        String failure = e.failure();
        if (failure == null && !e.timedOut()) {
            failure = monitor + " ended (exit code " + e.exitCode() + ") and no workload status reached the host"
                    + " (guest-init reports on COM2 and port 0x600, which " + monitor + " does not have); last console line: "
                    + lastLine(console) + said(monitor, e.stderr());
        }
        return new Execution(e.exitCode(), e.timedOut(), "", "", e.spawnNs(), e.marks(), e.userNs(), e.systemNs(),
                new VmStats(Map.of(), guestBytes, 0, 0, Map.of()), failure);
    }

    /** The file's text, empty when it cannot be read (no console file: the monitor never started). */
    public static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            return "";
        }
    }

    /** The console's last non-blank line, or that it was silent. */
    public static String lastLine(String text) {
        String t = text.strip();
        return t.isEmpty() ? "(the console was silent)" : t.substring(t.lastIndexOf('\n') + 1).strip();
    }

    /** "; MONITOR said: its last line on stderr", or nothing when it said nothing. */
    public static String said(String monitor, String stderr) {
        String t = stderr.strip();
        return t.isEmpty() ? "" : "; " + monitor + " said: " + t.substring(t.lastIndexOf('\n') + 1).strip();
    }
}
