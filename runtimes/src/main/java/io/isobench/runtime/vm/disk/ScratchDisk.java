package io.isobench.runtime.vm.disk;

import io.isobench.runtime.RuntimeFailure;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The VM's scratch space for the io workloads: a sparse file formatted ext4 on the host, in
 * the trial's scratch directory, so it sits on the same host filesystem the bare and
 * container runtimes write to. The guest sees it as a virtio-blk disk and guest-init
 * mounts it at {@code /scratch}. Sparse, so its size costs nothing until written; lazy
 * inode-table init (mke2fs's default), so formatting takes milliseconds.
 */
public final class ScratchDisk {
    public static final String FILE_NAME = "scratch.ext4";
    /** Big enough for the largest io workload (256 MiB files) with ext4's overhead and room to spare. */
    public static final long DEFAULT_BYTES = 1L << 30;

    private ScratchDisk() {
    }

    /**
     * Creates and formats {@code dir/scratch.ext4}.
     *
     * @throws RuntimeFailure with one sentence when the file cannot be made or mkfs.ext4 fails
     */
    public static Path create(Path dir, long bytes) throws RuntimeFailure {
        Path file = dir.resolve(FILE_NAME);
        try {
            Files.deleteIfExists(file);
            try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
                raf.setLength(bytes);
            }
        } catch (IOException e) {
            throw new RuntimeFailure("cannot create the VM's scratch disk " + file + ": " + e.getMessage());
        }
        // -F: it is a regular file; nodiscard: no point discarding a fresh sparse file;
        // root_owner: the workload runs as root in the guest anyway, but say so explicitly.
        List<String> cmd = List.of("mkfs.ext4", "-q", "-F", "-E", "nodiscard,root_owner=0:0", "-L", "isobench-scratch",
                file.toString());
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new RuntimeFailure("mkfs.ext4 did not finish within 60 s on " + file);
            }
            if (p.exitValue() != 0) {
                throw new RuntimeFailure("mkfs.ext4 failed on " + file + ": " + out);
            }
        } catch (IOException e) {
            throw new RuntimeFailure("cannot run mkfs.ext4 (Debian package e2fsprogs) for the VM's scratch disk: "
                    + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RuntimeFailure("interrupted while formatting the VM's scratch disk");
        }
        return file;
    }
}
