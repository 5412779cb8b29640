package io.isobench.runtime.vm.process;

import io.isobench.runtime.vm.disk.ScratchDisk;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The scratch disk end to end under hardware KVM (run inside the nested rig by
 * {@link VmDiskRigTest}): the monitor process ({@link VmmMain}) boots the guest with a fresh
 * ext4 {@link ScratchDisk}, the guest writes random data to it and prints its SHA-256, and
 * the host then reads the disk image with e2fsprogs, as a user would after the VM is gone.
 * <ul>
 *   <li>{@code disk-file}: after a normal end, the file in the image has the guest's checksum and
 *       the device counted at least its bytes as written;</li>
 *   <li>{@code flushed-survives-kill}: the guest writes, runs {@code sync} (a virtio-blk flush),
 *       says so, and the monitor is then killed with SIGKILL mid-workload; after the journal is
 *       replayed (e2fsck, as mount would) the flushed file is intact.</li>
 * </ul>
 * Prints {@code ok NAME ...} or {@code FAIL NAME: why}; exits with the number of failures.
 * Arguments: KERNEL INITRAMFS CMDLINE_CLEAN CMDLINE_KILL (prepared on the host by the test).
 */
public final class VmDiskChecks {
    static final int MIB = 16;
    static final String CLEAN_SCRIPT = "dd if=/dev/urandom of=/scratch/data bs=1M count=" + MIB
            + " 2>/dev/null && sha256sum /scratch/data";
    static final String KILL_SCRIPT = "dd if=/dev/urandom of=/scratch/survivor bs=1M count=" + MIB
            + " 2>/dev/null && sha256sum /scratch/survivor && sync && echo flushed"
            + " && dd if=/dev/urandom of=/scratch/unflushed bs=1M count=8 2>/dev/null; sleep 600";

    private static int failures;

    private VmDiskChecks() {
    }

    public static void main(String[] args) throws Exception {
        Path kernel = Path.of(args[0]);
        Path initrd = Path.of(args[1]);
        Path work = Files.createTempDirectory("vm-disk-checks");

        // disk-file: a clean end.
        Path cleanDir = Files.createDirectories(work.resolve("clean"));
        Monitor clean = Monitor.start(kernel, initrd, args[2], ScratchDisk.create(cleanDir, ScratchDisk.DEFAULT_BYTES),
                cleanDir, null);
        String sum = firstWord(clean.stdout);
        VmmReport report = VmmReport.read(cleanDir.resolve("report.json"));
        String inImage = sha256(readFromImage(cleanDir.resolve(ScratchDisk.FILE_NAME), "/data", work));
        long written = report.disk().getOrDefault("bytesWritten", 0L);
        check("disk-file", clean.exitCode == 0 && sum.equals(inImage) && written >= MIB << 20,
                "exit " + clean.exitCode + ", guest sha256 " + sum + ", image sha256 " + inImage + ", device wrote "
                        + written + " bytes, flushes " + report.disk().get("flushes") + ", failure " + report.failure());

        // flushed-survives-kill: SIGKILL to the monitor once the guest said its data is flushed.
        Path killDir = Files.createDirectories(work.resolve("kill"));
        Monitor killed = Monitor.start(kernel, initrd, args[3], ScratchDisk.create(killDir, ScratchDisk.DEFAULT_BYTES),
                killDir, "flushed");
        String survivorSum = firstWord(killed.stdout);
        String survivorInImage = sha256(readFromImage(killDir.resolve(ScratchDisk.FILE_NAME), "/survivor", work));
        check("flushed-survives-kill", killed.killed && killed.exitCode == 137 && survivorSum.equals(survivorInImage),
                "killed " + killed.killed + " (exit " + killed.exitCode + "), guest sha256 " + survivorSum
                        + ", image sha256 after journal replay " + survivorInImage + ", stdout " + killed.stdout);

        System.out.println(failures == 0 ? "vm disk checks: all ok" : "vm disk checks: " + failures + " failed");
        System.exit(failures);
    }

    /** The monitor as a process; when {@code killAt} is given, SIGKILLed as soon as a stdout line says it. */
    record Monitor(int exitCode, List<String> stdout, boolean killed) {
        static Monitor start(Path kernel, Path initrd, String cmdline, Path disk, Path dir, String killAt)
                throws IOException, InterruptedException {
            long deadline = System.nanoTime() + Duration.ofSeconds(240).toNanos();
            VmmArgs args = new VmmArgs(kernel, initrd, cmdline, 1, 512L << 20, disk, false, deadline,
                    dir.resolve("report.json"), dir.resolve("console.log"));
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), VmmMain.class.getName()));
            command.addAll(args.toArgs());
            Process p = new ProcessBuilder(command).redirectError(dir.resolve("stderr").toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
            List<String> lines = new ArrayList<>();
            boolean killed = false;
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    lines.add(line);
                    if (line.equals(killAt)) {
                        p.destroyForcibly();  // SIGKILL: no shutdown hook, no flush of anything by the monitor
                        killed = true;
                        break;
                    }
                }
            }
            if (!p.waitFor(300, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("the monitor did not end");
            }
            return new Monitor(p.exitValue(), lines, killed);
        }
    }

    /**
     * The file's bytes as a host tool sees them, on a copy of the image whose journal e2fsck
     * replayed first (as mounting would): a sync in the guest commits the journal, and the
     * metadata may still live only there.
     */
    static byte[] readFromImage(Path image, String file, Path work) throws IOException, InterruptedException {
        Path copy = work.resolve("copy-" + image.getParent().getFileName() + ".ext4");
        run(List.of("cp", "--sparse=always", image.toString(), copy.toString()), 0);
        run(List.of(sbin("e2fsck"), "-f", "-y", copy.toString()), 0, 1);
        Path out = work.resolve("dumped-" + image.getParent().getFileName());
        Files.deleteIfExists(out);
        run(List.of(sbin("debugfs"), "-R", "dump " + file + " " + out, copy.toString()), 0);
        return Files.exists(out) ? Files.readAllBytes(out) : new byte[0];
    }

    /** e2fsprogs live in /usr/sbin or /sbin, which a test's PATH may not hold. */
    private static String sbin(String tool) {
        for (String dir : List.of("/usr/sbin", "/sbin", "/usr/bin")) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return dir + "/" + tool;
            }
        }
        throw new AssertionError(tool + " (e2fsprogs) is not installed");
    }

    private static void run(List<String> command, int... okCodes) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int code = p.waitFor();
        for (int ok : okCodes) {
            if (code == ok) {
                return;
            }
        }
        throw new AssertionError(String.join(" ", command) + " exited " + code + ": " + out);
    }

    static String sha256(byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    }

    private static String firstWord(List<String> lines) {
        return lines.isEmpty() ? "(no output)" : lines.get(0).split(" ")[0];
    }

    private static void check(String name, boolean ok, String detail) {
        if (ok) {
            System.out.println("ok " + name + " (" + detail + ")");
        } else {
            failures++;
            System.out.println("FAIL " + name + ": " + detail);
        }
    }
}
