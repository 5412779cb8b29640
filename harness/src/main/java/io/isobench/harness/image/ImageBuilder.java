package io.isobench.harness.image;

import io.isobench.runtime.FileTrees;

import io.isobench.runtime.launch.CacheRoot;
import io.isobench.runtime.launch.NativeHelpers;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Builds the one root filesystem all three runtimes share, once, into
 * {@code <cache>/image/<hash>/}, where the hash covers every input: the JDK (its
 * {@code release} file) and the jlink module list, the workloads jar, the native helpers,
 * and the bytes of every host library the JRE and helpers load. Any input changing gives a
 * new directory; an unchanged one is reused as is. The build happens in a temporary
 * sibling directory that is renamed into place, so a killed build never leaves a
 * half-image that looks complete.
 *
 * <pre>
 *   opt/isobench/jre/            jlink: {@link #MODULES}, no debug, headers or man pages
 *   opt/isobench/workloads.jar   the suite
 *   opt/isobench/bin/            the native helpers (noop, launcher, ...)
 *   lib/..., lib64/...           the shared-library closure, at the host's paths
 *   etc/                         passwd, group, hosts, nsswitch.conf
 *   proc sys dev tmp scratch     mount points (container, VM)
 * </pre>
 */
public final class ImageBuilder {
    /**
     * The JRE's modules: what the workloads jar needs (JMH: java.logging, java.management,
     * jdk.unsupported; checked with {@code jdeps --print-module-deps}) and no more.
     */
    public static final List<String> MODULES = List.of("java.base", "java.logging", "java.management", "jdk.unsupported");
    /** Where the CLI jar carries the workloads jar (see harness/pom.xml). */
    static final String WORKLOADS_RESOURCE = "/image/workloads.jar";
    /** Written last: its presence marks a complete image. */
    static final String STAMP = ".isobench-image";

    private final Path cache;
    private final Path jdkHome;
    private final PrintStream log;

    public ImageBuilder(Path cache, Path jdkHome, PrintStream log) {
        this.cache = cache;
        this.jdkHome = jdkHome;
        this.log = log;
    }

    /** The default: the user's cache, the JDK running isobench, notices on stderr. */
    public static ImageBuilder standard() {
        return new ImageBuilder(CacheRoot.get().resolve("image"), Path.of(System.getProperty("java.home")), System.err);
    }

    /** The image directory this build would use, and whether it exists already, without building. */
    public Path directory() throws IOException {
        return cache.resolve(hash().substring(0, 16));
    }

    public boolean isBuilt() throws IOException {
        return Files.exists(directory().resolve(STAMP));
    }

    /** Returns the image, building it first if needed. */
    public Image ensure() throws IOException {
        String hash = hash();
        Path dir = cache.resolve(hash.substring(0, 16));
        if (Files.exists(dir.resolve(STAMP))) {
            return new Image(dir, hash);
        }
        Files.createDirectories(cache);
        log.println("isobench: building the image (jlink JRE, workloads, native helpers, libraries) in " + dir + " ...");
        long start = System.nanoTime();
        Path tmp = Files.createTempDirectory(cache, dir.getFileName() + ".tmp");
        try {
            build(tmp, hash);
            try {
                Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
                if (!Files.exists(dir.resolve(STAMP))) {
                    throw new IOException("cannot place the image at " + dir + ": it exists but is incomplete; remove it");
                }
            } catch (IOException e) {
                // DirectoryNotEmptyException: another isobench finished the same image first.
                if (!Files.exists(dir.resolve(STAMP))) {
                    throw e;
                }
            }
        } finally {
            FileTrees.delete(tmp);
        }
        log.printf("isobench: image ready in %.1f s%n", (System.nanoTime() - start) / 1e9);
        return new Image(dir, hash);
    }

    private void build(Path root, String hash) throws IOException {
        Path home = Files.createDirectories(root.resolve("opt/isobench"));
        jlink(home.resolve("jre"));
        try (InputStream jar = workloadsJar()) {
            Files.copy(jar, home.resolve("workloads.jar"));
        }
        Path bin = Files.createDirectories(home.resolve("bin"));
        for (var e : NativeHelpers.get().all().entrySet()) {
            Files.copy(e.getValue(), bin.resolve(e.getKey()));
            Files.setPosixFilePermissions(bin.resolve(e.getKey()), PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        for (Path lib : LibraryClosure.of(LibraryClosure.elfFiles(root), root)) {
            Path target = root.resolve(lib.toString().substring(1));
            Files.createDirectories(target.getParent());
            // The file's content under the name the loader asked for (symlinks resolved).
            Files.copy(lib, target, StandardCopyOption.REPLACE_EXISTING);
        }
        Path etc = Files.createDirectories(root.resolve("etc"));
        Files.writeString(etc.resolve("passwd"), "root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n");
        Files.writeString(etc.resolve("group"), "root:x:0:\nnogroup:x:65534:\n");
        // "isobench" is the hostname the container and VM set; java.net resolves it via hosts.
        Files.writeString(etc.resolve("hosts"), "127.0.0.1 localhost isobench\n::1 localhost ip6-localhost ip6-loopback\n");
        // glibc 2.34+ has files and dns built in: no NSS modules to copy.
        Files.writeString(etc.resolve("nsswitch.conf"), "passwd: files\ngroup: files\nhosts: files dns\n");
        for (String d : List.of("proc", "sys", "dev", "tmp", "scratch", "root")) {
            Files.createDirectories(root.resolve(d));
        }
        Files.setPosixFilePermissions(root.resolve("tmp"), PosixFilePermissions.fromString("rwxrwxrwx"));
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(root.resolve(STAMP), hash + "\n");
    }

    private void jlink(Path output) throws IOException {
        Path jlink = jdkHome.resolve("bin/jlink");
        Path jmods = jdkHome.resolve("jmods");
        if (!Files.isExecutable(jlink) || !Files.isDirectory(jmods)) {
            throw new IOException("building the image needs a full JDK with jlink and jmods, and " + jdkHome
                    + " has none (Debian: apt-get install openjdk-17-jdk-headless)");
        }
        List<String> cmd = List.of(jlink.toString(), "--module-path", jmods.toString(),
                "--add-modules", String.join(",", MODULES), "--strip-debug", "--no-header-files",
                "--no-man-pages", "--output", output.toString());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IOException("jlink failed: " + out.strip());
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while building the image", e);
        }
    }

    private static InputStream workloadsJar() throws IOException {
        InputStream in = ImageBuilder.class.getResourceAsStream(WORKLOADS_RESOURCE);
        if (in == null) {
            throw new IOException("the workloads jar is missing from the isobench jar (" + WORKLOADS_RESOURCE + "); rebuild with mvn package");
        }
        return in;
    }

    /** Hex SHA-256 over every input of the image. */
    String hash() throws IOException {
        MessageDigest sha = sha256();
        update(sha, "isobench image 1");
        update(sha, "modules " + String.join(",", MODULES));
        Path release = jdkHome.resolve("release");
        update(sha, "jdk");
        sha.update(Files.exists(release) ? Files.readAllBytes(release) : jdkHome.toString().getBytes(StandardCharsets.UTF_8));
        update(sha, "workloads");
        try (InputStream jar = workloadsJar()) {
            byte[] buf = new byte[64 * 1024];
            int n;
            while ((n = jar.read(buf)) > 0) {
                sha.update(buf, 0, n);
            }
        }
        update(sha, "native " + NativeHelpers.get().hash());
        // The libraries the JDK's own programs load: a superset of the jlinked JRE's.
        List<Path> programs = new ArrayList<>(List.of(jdkHome.resolve("bin/java")));
        try (Stream<Path> libs = Files.walk(jdkHome.resolve("lib"))) {
            libs.filter(p -> p.toString().endsWith(".so")).filter(LibraryClosure::isElf).sorted().forEach(programs::add);
        }
        Set<Path> closure = LibraryClosure.of(programs, jdkHome.toRealPath());
        for (Path lib : closure) {
            update(sha, "lib " + lib);
            sha.update(Files.readAllBytes(lib));
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    private static void update(MessageDigest sha, String s) {
        sha.update(s.getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
