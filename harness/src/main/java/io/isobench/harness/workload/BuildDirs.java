package io.isobench.harness.workload;

import io.isobench.runtime.FileTrees;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The work directories of root builds in {@code <cache>/rootfs}: hidden ({@code .NAME-PID}),
 * owned by the process whose PID ends the name, renamed into place or removed by it. One
 * whose process is gone was left by a killed run and is removed by the next build; one of a
 * live process (another isobench building right now) is left alone.
 */
final class BuildDirs {
    private BuildDirs() {
    }

    /** A fresh work directory name for this process: {@code .KIND-TAG-PID}. */
    static Path of(Path parent, String kind, String tag) {
        return parent.resolve("." + kind + "-" + tag + "-" + ProcessHandle.current().pid());
    }

    /** Removes the work directories of dead processes. */
    static void sweepDead(Path parent) throws IOException {
        if (!Files.isDirectory(parent)) {
            return;
        }
        try (Stream<Path> entries = Files.list(parent)) {
            for (Path p : entries.toList()) {
                String name = p.getFileName().toString();
                if (!name.startsWith(".")) {
                    continue;
                }
                long pid;
                try {
                    pid = Long.parseLong(name.substring(name.lastIndexOf('-') + 1));
                } catch (NumberFormatException e) {
                    continue; // not ours
                }
                if (!ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                    remove(p);
                }
            }
        }
    }

    /**
     * Deletes a work directory, after detaching whatever is mounted in it (debootstrap
     * mounts /proc, /sys and binds /dev during its second stage; a deletion walking into a
     * bound host /dev would delete the host's device nodes). Kept when a mount stays.
     */
    static void remove(Path dir) {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        List<String> mounts = mountsBelow(dir);
        for (int i = mounts.size() - 1; i >= 0; i--) {
            try {
                new ProcessBuilder("umount", "--lazy", mounts.get(i)).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
            } catch (IOException e) {
                // checked below
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        if (!mountsBelow(dir).isEmpty()) {
            System.err.println("isobench: kept " + dir + ": something is still mounted in it");
            return;
        }
        FileTrees.deleteQuietly(dir);
    }

    /** Mount points at or below {@code dir}, outermost first (from /proc/self/mountinfo). */
    private static List<String> mountsBelow(Path dir) {
        String prefix = dir.toAbsolutePath().normalize().toString();
        List<String> out = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
                String[] f = line.split(" ");
                // Field 5 is the mount point, octal-escaped (\040 for a space).
                String point = f.length > 4 ? f[4].replace("\\040", " ") : "";
                if (point.equals(prefix) || point.startsWith(prefix + "/")) {
                    out.add(point);
                }
            }
        } catch (IOException e) {
            out.add(prefix); // unknown: treat as mounted, never delete blindly
        }
        out.sort(Comparator.comparingInt(String::length));
        return out;
    }
}
