package io.isobench.runtime.oci;

import io.isobench.runtime.FileTrees;
import io.isobench.runtime.OwnedTempDirs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The overlay root of one OCI trial, mounted on the host before the runtime starts (an OCI
 * runtime takes its root as a directory): {@code isobench-oci-<pid>_<starttime>-*} holds a tmpfs (as the
 * launcher's {@code state} tmpfs) with {@code upper}, {@code work} and the {@code root} mount
 * point, the overlay over the same image with the same options ({@code volatile}), and the
 * bundle's {@code config.json}. With {@code upper=disk} the directories are on disk instead.
 * {@link #close()} unmounts (lazily: a runtime killed mid-way may leave a process holding it)
 * and removes everything; directories of a killed harness are swept by the next one.
 */
final class OverlayRoot implements AutoCloseable {
    static final String PREFIX = "isobench-oci-";

    private final Path dir;
    private final List<Path> mounts = new ArrayList<>();

    private OverlayRoot(Path dir) {
        this.dir = dir;
    }

    static OverlayRoot mount(Path base, Path lower, boolean upperOnDisk) throws IOException {
        OverlayRoot o = new OverlayRoot(OwnedTempDirs.create(base, PREFIX));
        try {
            if (!upperOnDisk) {
                o.run("mount", "-t", "tmpfs", "-o", "mode=755,nosuid,nodev", "tmpfs", o.dir.toString());
                o.mounts.add(0, o.dir);
            }
            Files.createDirectory(o.upper());
            Files.createDirectory(o.dir.resolve("work"));
            Files.createDirectory(o.root());
            String opts = "lowerdir=" + lower + ",upperdir=" + o.upper() + ",workdir=" + o.dir.resolve("work");
            try {
                o.run("mount", "-t", "overlay", "-o", opts + ",volatile", "overlay", o.root().toString());
            } catch (IOException noVolatile) {
                // A kernel before 5.10: the same mount with syncs, as the launcher falls back.
                o.run("mount", "-t", "overlay", "-o", opts, "overlay", o.root().toString());
            }
            o.mounts.add(0, o.root());
            return o;
        } catch (IOException | RuntimeException e) {
            o.close();
            throw e;
        }
    }

    Path dir() {
        return dir;
    }

    Path root() {
        return dir.resolve("root");
    }

    private Path upper() {
        return dir.resolve("upper");
    }

    private void run(String... argv) throws IOException {
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes()).strip();
        try {
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", argv) + " did not finish in 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        if (p.exitValue() != 0) {
            throw new IOException("cannot mount the overlay root: " + (out.isEmpty() ? "exit code " + p.exitValue() : out));
        }
    }

    @Override
    public void close() {
        for (Path m : mounts) {
            try {
                run("umount", "-l", m.toString());
            } catch (IOException e) {
                System.err.println("isobench: cannot unmount " + m + ": " + e.getMessage());
            }
        }
        mounts.clear();
        if (!isMountPoint(dir) && !isMountPoint(root())) {
            FileTrees.deleteQuietly(dir);
        }
    }

    /** Unmounts and removes the directories of isobench processes that no longer exist. */
    static void sweepStale(Path base) {
        for (Path p : OwnedTempDirs.stale(base, PREFIX)) {
            OverlayRoot stale = new OverlayRoot(p);
            // Whatever of the two is still mounted: umount fails harmlessly for the other.
            stale.mounts.addAll(List.of(stale.root(), p));
            stale.closeQuietly();
        }
    }

    private void closeQuietly() {
        for (Path m : mounts) {
            try {
                run("umount", "-l", m.toString());
            } catch (IOException notMounted) {
                // expected for what was not mounted
            }
        }
        mounts.clear();
        if (!isMountPoint(dir) && !isMountPoint(root())) {
            FileTrees.deleteQuietly(dir);
        }
    }

    private static boolean isMountPoint(Path p) {
        try {
            return Files.readAllLines(Path.of("/proc/self/mountinfo")).stream()
                    .anyMatch(l -> l.split(" ")[4].equals(p.toString()));
        } catch (IOException e) {
            return true; // cannot tell: do not delete through a mount
        }
    }
}
