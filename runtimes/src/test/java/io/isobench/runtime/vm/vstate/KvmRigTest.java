package io.isobench.runtime.vm.vstate;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs {@link VmChecks} inside the nested rig ({@code scripts/kvm-rig}), where KVM is
 * hardware virtualization (AMD SVM under QEMU/TCG): one rig boot for all checks. Here the
 * calibration must say "hardware", unlike on the PVM development hosts.
 */
public class KvmRigTest {
    public static Path repoRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isExecutable(dir.resolve("scripts/kvm-rig"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new AssertionError("scripts/kvm-rig not found above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }

    /** Runs {@code java -cp <this test's classpath> mainClass} in the rig; returns exit code and output. */
    static Result inRig(String mainClass, long timeoutSeconds) throws IOException, InterruptedException {
        return inRig(List.of(mainClass), timeoutSeconds);
    }

    /** Runs {@code java -cp <this test's classpath> mainClassAndArgs...} in the rig (also used by the harness's rig tests). */
    public static Result inRig(List<String> mainClassAndArgs, long timeoutSeconds) throws IOException, InterruptedException {
        return inRig(mainClassAndArgs, timeoutSeconds, java.util.Map.of());
    }

    /** As {@link #inRig(List, long)}, with rig settings such as {@code RIG_SCRATCH_DISK} or {@code RIG_WRITABLE}. */
    public static Result inRig(List<String> mainClassAndArgs, long timeoutSeconds, java.util.Map<String, String> rigEnv)
            throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new java.util.ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path")));
        command.addAll(mainClassAndArgs);
        return commandInRig(command, timeoutSeconds, rigEnv);
    }

    /** Runs any command in the rig (e.g. the repo's isobench script, or a shell running several). */
    public static Result commandInRig(List<String> command, long timeoutSeconds, java.util.Map<String, String> rigEnv)
            throws IOException, InterruptedException {
        List<String> argv = new java.util.ArrayList<>(List.of(repoRoot().resolve("scripts/kvm-rig").toString()));
        argv.addAll(command);
        ProcessBuilder pb = new ProcessBuilder(argv);
        pb.environment().putAll(rigEnv);
        pb.environment().put("RIG_TIMEOUT", String.valueOf(timeoutSeconds));
        pb.redirectErrorStream(true);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(timeoutSeconds + 60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("the rig did not finish:\n" + out);
        }
        return new Result(p.exitValue(), out);
    }

    public record Result(int exitCode, String output) {
    }

    @Test
    void everyVmCheckPassesUnderHardwareKvm() throws Exception {
        // Under the monitor's own JVM options: the serial flood measures the monitor's memory.
        List<String> command = new java.util.ArrayList<>(io.isobench.runtime.vm.process.MonitorJvm.FLAGS);
        // The soak (README): -Disobench.floodKiB=102400 -Disobench.rigTimeout=SECONDS.
        String flood = System.getProperty(HostileGuestChecks.FLOOD_KIB);
        if (flood != null) {
            command.add("-D" + HostileGuestChecks.FLOOD_KIB + "=" + flood);
        }
        command.add(VmChecks.class.getName());
        Result r = inRig(command, Long.getLong("isobench.rigTimeout", 900));
        System.out.print(r.output());  // the figures (boot times, exit counts) for the build log
        assertEquals(0, r.exitCode(), "VmChecks in the rig:\n" + r.output());
        assertTrue(r.output().contains("ok calibration hardware"), r.output());
        for (String check : List.of("console-markers-reset", "console-markers-reset-4-vcpus", "string-io", "mmio",
                "triple-fault", "timeout-halted", "stop-spinning", "hostile-serial-flood", "hostile-host-stops-reading",
                "hostile-triple-fault", "hostile-unclaimed-storm", "hostile-never-ready", "no-leaks")) {
            assertTrue(r.output().contains("ok " + check + " "), check + " missing:\n" + r.output());
        }
    }
}
