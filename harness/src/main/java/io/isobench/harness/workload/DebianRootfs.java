package io.isobench.harness.workload;

import io.isobench.runtime.launch.CacheRoot;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeSet;

/**
 * {@code debian:SUITE[:PKG,PKG...]}: a minimal Debian (debootstrap's minbase variant plus the
 * packages) built once into {@code <cache>/rootfs/debian-SUITE-<key>}, the key a hash of the
 * suite and the sorted package list, so the same request always reuses the same root. It
 * is built in a {@code .building-debian-<key>-<pid>} directory ({@link BuildDirs}) and renamed into place only when
 * debootstrap succeeded: a failed or killed build never looks like a root (a killed one is
 * swept by the next build once its process is gone).
 */
public record DebianRootfs(String spec, String suite, List<String> packages) implements RootfsSource {
    /** Reachable from the test machines and CI; nothing else is. */
    static final String MIRROR = "http://deb.debian.org/debian";

    public DebianRootfs {
        if (!suite.matches("[a-z][a-z0-9-]*")) {
            throw new IllegalArgumentException("rootfs " + spec + ": '" + suite + "' is not a Debian suite name (e.g. bookworm)");
        }
        for (String p : packages) {
            if (!p.matches("[a-z0-9][a-z0-9+.-]+")) {
                throw new IllegalArgumentException("rootfs " + spec + ": '" + p + "' is not a Debian package name");
            }
        }
        packages = List.copyOf(new TreeSet<>(packages));
    }

    /** {@code SUITE[:PKG,PKG...]} (what follows {@code debian:}). */
    static DebianRootfs parse(String spec, String value) {
        int colon = value.indexOf(':');
        String suite = colon < 0 ? value : value.substring(0, colon);
        List<String> pkgs = new ArrayList<>();
        if (colon >= 0) {
            for (String p : value.substring(colon + 1).split(",")) {
                if (!p.isBlank()) {
                    pkgs.add(p.strip());
                }
            }
        }
        if (suite.isEmpty()) {
            throw new IllegalArgumentException("rootfs " + spec + " names no suite (use debian:SUITE[:PKG,PKG...], e.g. debian:bookworm:fio)");
        }
        return new DebianRootfs(spec, suite, pkgs);
    }

    /** The cache directory of this suite and package list, below {@code cache}. */
    Path dir(Path cache) {
        return cache.resolve("rootfs").resolve("debian-" + suite + "-" + key());
    }

    String key() {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(
                    (suite + "\n" + String.join(",", packages)).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public Path prepare() {
        return prepareIn(CacheRoot.get());
    }

    /** {@link #prepare()} with the cache at {@code cache} (tests). */
    Path prepareIn(Path cache) {
        Path dir = dir(cache);
        if (Files.isDirectory(dir)) {
            return dir;
        }
        if (!Files.isExecutable(Path.of("/usr/sbin/debootstrap"))) {
            throw new IllegalArgumentException("rootfs " + spec + " needs debootstrap (apt-get install debootstrap, or scripts/install-deps)");
        }
        Path parent = dir.getParent();
        Path building = BuildDirs.of(parent, "building", "debian-" + key());
        try {
            Files.createDirectories(parent);
            BuildDirs.sweepDead(parent);
            build(building, dir);
            try {
                Files.move(building, dir, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | java.nio.file.DirectoryNotEmptyException e) {
                // Another run built the same root meanwhile: use that one.
            } catch (AtomicMoveNotSupportedException e) {
                throw new IllegalArgumentException("cannot move the built root into " + dir + ": " + e.getMessage());
            }
            return dir;
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot build rootfs " + spec + ": " + e.getMessage());
        } finally {
            BuildDirs.remove(building);
        }
    }

    private void build(Path building, Path dir) throws IOException {
        List<String> argv = new ArrayList<>(List.of("/usr/sbin/debootstrap", "--variant=minbase"));
        if (!packages.isEmpty()) {
            argv.add("--include=" + String.join(",", packages));
        }
        argv.addAll(List.of(suite, building.toString(), MIRROR));
        PrintStream err = System.err;
        err.println("isobench: building rootfs " + spec + " with debootstrap into " + dir + " (once; downloads from " + MIRROR + ") ...");
        long start = System.nanoTime();
        Path log = Files.createTempFile("isobench-debootstrap", ".log");
        try {
            Process p = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            int code;
            try {
                code = p.waitFor();
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new IOException("interrupted");
            }
            if (code != 0) {
                throw new IllegalArgumentException("debootstrap failed for rootfs " + spec + " (exit " + code + "): "
                        + lastLine(Files.readString(log)));
            }
        } finally {
            Files.deleteIfExists(log);
        }
        err.printf("isobench: rootfs %s ready in %.0f s%n", spec, (System.nanoTime() - start) / 1e9);
    }

    private static String lastLine(String text) {
        String t = text.strip();
        String last = t.substring(t.lastIndexOf('\n') + 1).strip();
        return last.length() > 300 ? last.substring(0, 300) + "..." : last;
    }
}
