package io.isobench.runtime.vm.process;

import com.sun.jna.Platform;
import io.isobench.runtime.launch.CacheRoot;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Enumeration;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * The monitor's class path: a jar of only what a monitor can load (isobench's own classes and
 * JNA's, with JNA's stub for this platform), cut from isobench's jar once per build into the
 * cache. isobench's jar holds ~10 000 entries (the harness's libraries: Jackson, commons, PDF,
 * charts...), and a JVM keeps the central directory of every jar on its class path in its heap
 * for its whole life: ~1.5 MiB per monitor (the heap's largest live object, measured with a
 * class histogram), read and hashed at every start. The monitor never touches those libraries
 * (its report is written by hand, {@link ReportJson}).
 *
 * <p>A class path with directories (the tests, an IDE) is used as it is.
 */
public final class MonitorClassPath {
    private static final List<String> KEPT = List.of("io/isobench/", "com/sun/jna/");
    /** jna-platform's Windows, macOS and Linux API mappings: isobench uses none of them. */
    private static final String JNA_PLATFORM = "com/sun/jna/platform/";

    private final Path dir;

    public MonitorClassPath(Path dir) {
        this.dir = dir;
    }

    /** In the isobench cache ({@code ~/.cache/isobench/vmm-cp}). */
    public static MonitorClassPath standard() {
        return new MonitorClassPath(CacheRoot.get().resolve("vmm-cp"));
    }

    /** The class path for the monitor: the cut jar, made now when missing; this JVM's own when it cannot be. */
    public String get() {
        return get(MonitorJvm.classPath());
    }

    /** {@link #get()} for the class path {@code full}. */
    String get(String full) {
        List<String> entries = List.of(full.split(File.pathSeparator));
        if (entries.stream().anyMatch(e -> !e.endsWith(".jar"))) {
            return full;
        }
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (String e : entries) {
                Path p = Path.of(e);
                md.update((e + " " + Files.size(p) + " " + Files.getLastModifiedTime(p).toMillis() + "\n")
                        .getBytes(StandardCharsets.UTF_8));
            }
            Path target = dir.resolve(HexFormat.of().formatHex(md.digest(), 0, 8) + ".jar");
            if (!Files.isRegularFile(target)) {
                cut(entries, target);
            }
            return target.toString();
        } catch (IOException | NoSuchAlgorithmException e) {
            return full;
        }
    }

    /** Writes the kept entries of {@code jars} to {@code target}, atomically (a monitor never sees half a jar). */
    private void cut(List<String> jars, Path target) throws IOException {
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "cut-", ".jar.tmp");
        try {
            try (OutputStream file = Files.newOutputStream(tmp); ZipOutputStream out = new ZipOutputStream(file)) {
                for (String jar : jars) {
                    try (ZipFile in = new ZipFile(jar)) {
                        for (Enumeration<? extends ZipEntry> it = in.entries(); it.hasMoreElements(); ) {
                            ZipEntry e = it.nextElement();
                            if (e.isDirectory() || !kept(e.getName())) {
                                continue;
                            }
                            out.putNextEntry(new ZipEntry(e.getName()));
                            try (var data = in.getInputStream(e)) {
                                data.transferTo(out);
                            }
                            out.closeEntry();
                        }
                    }
                }
            }
            // Readable by all, like the JVM's own archive: the monitor may run as another user than who made it.
            Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** isobench's and JNA's classes (not jna-platform's), and JNA's stub for this platform only (JNA ships ~40). */
    static boolean kept(String name) {
        if (!KEPT.stream().anyMatch(name::startsWith) || name.startsWith(JNA_PLATFORM)) {
            return false;
        }
        if (name.startsWith("com/sun/jna/") && !name.endsWith(".class")) {
            return name.startsWith("com/sun/jna/" + Platform.RESOURCE_PREFIX + "/");
        }
        return true;
    }
}
