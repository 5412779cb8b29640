package io.isobench.harness.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The checks of {@code isobench vm run} that need hardware KVM, run inside the nested rig by
 * {@link VmRunRigTest} (one rig boot, several VM boots). Each check runs the real CLI as a
 * process, like a user, and prints {@code ok NAME ...} or {@code FAIL NAME: why}.
 *
 * <p>The rig (QEMU/TCG emulating SVM) froze most nested guests mid-boot while L2 had two CPUs
 * (docs/kvm-rig.md); with one L2 CPU it has not. A boot that still ends in our monitor's own
 * timeout before the workload started is tried once more ({@link #ATTEMPTS}), and the retry
 * is printed so that a returning freeze shows in the test output; any other outcome counts at once.
 *
 * <p>Arguments: the busybox root filesystem, the guest kernel's release.
 */
public final class VmRunChecks {
    record Cli(int code, String out, String err, long millis) {
    }

    private static int failures;
    static final int ATTEMPTS = 2;
    /** Each VM's limit: a healthy rig boot to init takes 3-10 s, the two JVMs around it 5-15 s more. */
    static final String VM_TIMEOUT_SECONDS = "90";
    /** The hang check's limit: long enough for the rig to start the workload (10-20 s), then it hangs. */
    static final String HANG_TIMEOUT_SECONDS = "45";

    public static void main(String[] args) throws Exception {
        Path rootfs = Path.of(args[0]);
        String release = args[1];

        // One boot for the facts, the exit code and both streams.
        Cli info = vmRun("--cpus", "2", "--memory", "512M", "--rootfs", rootfs.toString(), "--",
                "/bin/busybox", "sh", "-c", "uname -r; nproc; grep MemTotal /proc/meminfo; echo err >&2; exit 3");
        List<String> lines = info.out().lines().toList();
        long memTotalKb = lines.size() >= 3 ? Long.parseLong(lines.get(2).replaceAll("[^0-9]", "")) : -1;
        check("guest-facts", info.code() == 3 && lines.size() == 3 && lines.get(0).equals(release)
                && lines.get(1).equals("2") && memTotalKb > 400_000 && memTotalKb <= 512 * 1024
                && info.err().startsWith("err\n"), info);

        // One boot for a guest that panics: a sentence, exit 125, no hang.
        Cli panic = vmRun("--cpus", "1", "--memory", "256M", "--rootfs", rootfs.toString(), "--",
                "/bin/busybox", "sh", "-c", "echo c > /proc/sysrq-trigger; sleep 60");
        check("panic", panic.code() == OneCommand.RUNTIME_FAILED
                && panic.err().lines().findFirst().orElse("").contains("kernel panic"), panic);

        // One boot for a workload that never ends: the VM is stopped at the timeout, with one
        // sentence that names the timeout and says where the vCPU was (an idle guest: halted).
        Cli hang = vmRun("--cpus", "1", "--memory", "256M", "--timeout", HANG_TIMEOUT_SECONDS, "--rootfs",
                rootfs.toString(), "--", "/bin/busybox", "sleep", "600");
        String hangLine = hang.err().lines().findFirst().orElse("");
        check("hang", hang.code() == OneCommand.RUNTIME_FAILED && hangLine.contains("did not finish in time")
                && hangLine.contains("vCPU 0 halted") && hang.err().contains("workload-start")
                && timelineTotalMs(hang.err()) <= Long.parseLong(HANG_TIMEOUT_SECONDS) * 1000, hang);

        Process leftovers = new ProcessBuilder("pgrep", "-f", "VmmMain").start();
        String left = new String(leftovers.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        leftovers.waitFor();
        check("no-leftover-monitor", left.isEmpty(), new Cli(0, left, "", 0));
        System.out.println(failures == 0 ? "vm run checks: all ok" : "vm run checks: " + failures + " failed");
        System.exit(failures == 0 ? 0 : 1);
    }

    /**
     * The timeline's {@code total N ms}: from the launch to the monitor's exit, which a hung
     * guest must not stretch past the timeout (the wall time adds this JVM's own start in the rig).
     */
    static double timelineTotalMs(String err) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("total ([0-9.]+) ms").matcher(err);
        return m.find() ? Double.parseDouble(m.group(1)) : Double.MAX_VALUE;
    }

    /** {@link #once} until the guest does not freeze in the rig before its workload starts. */
    static Cli vmRun(String... args) throws IOException, InterruptedException {
        Cli r = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            r = once(args);
            // The timeline (stderr) names workload-start once guest-init started the command.
            boolean frozenBeforeWorkload = r.err().contains("did not finish in time") && !r.err().contains("workload-start");
            if (!frozenBeforeWorkload) {
                return r;
            }
            System.out.println("retry: the rig froze a guest boot (attempt " + attempt + "): " + r.err().strip());
        }
        return r;
    }

    static Cli once(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "io.isobench.harness.Main", "vm", "run", "--timeline"));
        if (!List.of(args).contains("--timeout")) {
            cmd.addAll(List.of("--timeout", VM_TIMEOUT_SECONDS));
        }
        cmd.addAll(List.of(args));
        long start = System.nanoTime();
        Process p = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
        // stderr is read on its own thread so that neither pipe can fill up and stall the other.
        var err = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "(stderr unreadable: " + e.getMessage() + ")";
            }
        });
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(300, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
        return new Cli(p.waitFor(), out, err.join(), (System.nanoTime() - start) / 1_000_000);
    }

    static void check(String name, boolean ok, Cli cli) {
        if (ok) {
            System.out.println("ok " + name + " (" + cli.millis() + " ms)");
        } else {
            failures++;
            System.out.println("FAIL " + name + ": exit " + cli.code() + ", stdout [" + cli.out() + "], stderr ["
                    + cli.err() + "]");
        }
    }
}
