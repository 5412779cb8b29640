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
 * <p>The rig (QEMU/TCG emulating SVM) sometimes freezes a nested guest mid-boot, whatever the
 * monitor (QEMU's own microvm freezes there too; docs/kvm-rig.md). A boot that ends in our
 * monitor's own timeout before the workload started is therefore tried again, at most
 * {@link #ATTEMPTS} times, and every retry is printed; any other outcome counts at once.
 *
 * <p>Arguments: the busybox root filesystem, the guest kernel's release.
 */
public final class VmRunChecks {
    record Cli(int code, String out, String err, long millis) {
    }

    private static int failures;
    static final int ATTEMPTS = 5;
    /** Each VM's limit: a healthy rig boot to init takes 3-10 s, the two JVMs around it 5-15 s more. */
    static final String VM_TIMEOUT_SECONDS = "90";

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

        Process leftovers = new ProcessBuilder("pgrep", "-f", "VmmMain").start();
        String left = new String(leftovers.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        leftovers.waitFor();
        check("no-leftover-monitor", left.isEmpty(), new Cli(0, left, "", 0));
        System.out.println(failures == 0 ? "vm run checks: all ok" : "vm run checks: " + failures + " failed");
        System.exit(failures == 0 ? 0 : 1);
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
