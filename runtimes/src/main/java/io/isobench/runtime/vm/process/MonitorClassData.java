package io.isobench.runtime.vm.process;

import io.isobench.runtime.FileTrees;
import io.isobench.runtime.launch.CacheRoot;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The monitor's class-data-sharing archive (a JDK dynamic AppCDS archive): the classes a
 * monitor loads, pre-parsed into one file that every monitor maps read-only, so N monitors
 * share their class metadata through the page cache and skip parsing and verifying it at start.
 *
 * <p>It is made once per JDK and isobench build (the key covers the java binary, its version,
 * every class-path jar with its size and mtime, and the monitor's flags, which the JVM checks
 * too) by a training run: a monitor started with {@code -XX:ArchiveClassesAtExit} that creates
 * a VM with the real guest kernel and stops it after {@link #TRAINING_SECONDS}, loading the
 * classes of VM creation, the vCPU loop, the stop and the report. Classes it did not load come
 * from the jar as before. The JDK archives classes from jars only: with a class path of
 * directories (tests) there is no archive and the monitor runs without one.
 */
public final class MonitorClassData {
    /** How long the training VM runs before it is stopped (it need not boot: the classes are loaded on the way). */
    static final int TRAINING_SECONDS = 2;

    private final Path dir;

    public MonitorClassData(Path dir) {
        this.dir = dir;
    }

    /** In the isobench cache ({@code ~/.cache/isobench/vmm-cds}). */
    public static MonitorClassData standard() {
        return new MonitorClassData(CacheRoot.get().resolve("vmm-cds"));
    }

    /** The archive this JDK and class path would use (it may not exist yet); empty when the class path has directories. */
    public Optional<Path> archive() {
        List<String> entries = List.of(MonitorClassPath.standard().get().split(File.pathSeparator));
        if (entries.stream().anyMatch(e -> !e.endsWith(".jar"))) {
            return Optional.empty();
        }
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update((MonitorJvm.java() + "\n" + System.getProperty("java.vm.version") + "\n"
                    + String.join(" ", MonitorJvm.FLAGS) + "\n").getBytes(StandardCharsets.UTF_8));
            for (String e : entries) {
                Path p = Path.of(e);
                md.update((e + " " + Files.size(p) + " " + Files.getLastModifiedTime(p).toMillis() + "\n")
                        .getBytes(StandardCharsets.UTF_8));
            }
            return Optional.of(dir.resolve(HexFormat.of().formatHex(md.digest(), 0, 8) + ".jsa"));
        } catch (IOException | NoSuchAlgorithmException e) {
            return Optional.empty();
        }
    }

    /**
     * The archive, made now by a training run when missing. Never fails the caller: without an
     * archive the monitor just starts as a plain JVM.
     *
     * @param kernel the guest kernel (bzImage) the training VM is created with
     * @param initrd its initramfs
     * @return the archive, or empty (directories on the class path: {@code why} stays empty; or
     *         the training failed: then {@code why} says why)
     */
    public Optional<Path> ensure(Path kernel, Path initrd, StringBuilder why) {
        Optional<Path> archive = archive();
        if (archive.isEmpty()) {
            // A development class path (target/classes directories: the tests, an IDE): nothing to
            // archive and nothing to tell; a built isobench always runs from jars. Silent, since the
            // monitor's stderr is the workload's and `vm run` passes it through as it is.
            return archive;
        }
        Path target = archive.get();
        if (Files.isRegularFile(target)) {
            return archive;
        }
        Path work = null;
        try {
            Files.createDirectories(dir);
            work = Files.createTempDirectory(dir, "train-");
            Path tmp = work.resolve("monitor.jsa");
            List<String> command = new ArrayList<>(List.of(MonitorJvm.java()));
            command.addAll(MonitorJvm.FLAGS);
            // As the monitors run: the classes JNA's start loads differ with and without them.
            command.addAll(MonitorJna.standard().properties());
            command.addAll(List.of("-XX:ArchiveClassesAtExit=" + tmp, "-cp", MonitorClassPath.standard().get(), VmmMain.class.getName()));
            command.addAll(new VmmArgs(kernel, initrd, "console=ttyS0 quiet", 1, 64L << 20, null, false,
                    System.nanoTime() + TRAINING_SECONDS * 1_000_000_000L, work.resolve("report.json"),
                    work.resolve("console.log")).toArgs());
            Process p = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(work.resolve("training.log").toFile()).start();
            if (!p.waitFor(TRAINING_SECONDS + 60, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                why.append("the training monitor did not end within ").append(TRAINING_SECONDS + 60).append(" s");
                return Optional.empty();
            }
            if (!Files.isRegularFile(tmp)) {
                why.append("the training monitor wrote no archive (exit code ").append(p.exitValue()).append(")");
                return Optional.empty();
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return archive;
        } catch (IOException e) {
            why.append(e.getMessage());
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            why.append("interrupted");
            return Optional.empty();
        } finally {
            if (work != null) {
                FileTrees.deleteQuietly(work);
            }
        }
    }
}
