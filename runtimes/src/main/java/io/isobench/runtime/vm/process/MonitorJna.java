package io.isobench.runtime.vm.process;

import com.sun.jna.Platform;
import io.isobench.runtime.launch.CacheRoot;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * JNA's start in the monitor, made cheap for N monitors at once. Left alone, JNA in every
 * monitor JVM
 * <ul>
 *   <li>extracts its native stub ({@code libjnidispatch.so}) from the jar into a new temp file
 *       ({@code File.createTempFile}, which starts a {@code SecureRandom} and the security
 *       providers: ~100 classes) and maps it from there: the file is deleted and unique, so N
 *       monitors never share its pages;</li>
 *   <li>runs {@code /sbin/ldconfig -p} (fork and exec, a "process reaper" thread) to learn the
 *       library directories, only to find libc.</li>
 * </ul>
 * Instead the stub is extracted once per JNA build into the isobench cache and loaded from
 * there ({@code jna.boot.library.path}: one file, its pages shared in the page cache), and the
 * library directories are given ({@code jna.platform.library.path}: what JNA builds itself,
 * less what ldconfig would add). When the stub cannot be cached, JNA extracts it as before.
 */
public final class MonitorJna {
    private static final String STUB = "libjnidispatch.so";

    private final Path dir;

    public MonitorJna(Path dir) {
        this.dir = dir;
    }

    /** In the isobench cache ({@code ~/.cache/isobench/jna}). */
    public static MonitorJna standard() {
        return new MonitorJna(CacheRoot.get().resolve("jna"));
    }

    /** The {@code -D} options for the monitor's JVM; never fails (JNA then does as it always did). */
    public List<String> properties() {
        List<String> p = new ArrayList<>();
        String libraryDirs = libraryDirectories();
        if (!libraryDirs.isEmpty()) {
            p.add("-Djna.platform.library.path=" + libraryDirs);
        }
        stubDirectory().ifPresent(d -> p.add("-Djna.boot.library.path=" + d));
        return p;
    }

    /**
     * The directory holding this JNA's stub, extracted now when missing (named by the stub's
     * hash: another JNA build gets another directory, a half-written file is never seen).
     */
    java.util.Optional<Path> stubDirectory() {
        String resource = "com/sun/jna/" + Platform.RESOURCE_PREFIX + "/" + STUB;
        try (InputStream in = MonitorJna.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                return java.util.Optional.empty();
            }
            byte[] stub = in.readAllBytes();
            String key = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(stub), 0, 8);
            Path target = dir.resolve(key).resolve(STUB);
            if (!Files.isRegularFile(target) || Files.size(target) != stub.length) {
                Files.createDirectories(target.getParent());
                Path tmp = Files.createTempFile(target.getParent(), STUB, ".tmp");
                try {
                    Files.write(tmp, stub);
                    Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
                    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } finally {
                    Files.deleteIfExists(tmp);
                }
            }
            return java.util.Optional.of(target.getParent());
        } catch (IOException | NoSuchAlgorithmException e) {
            return java.util.Optional.empty();
        }
    }

    /** JNA's own list of library directories without ldconfig's: the multiarch ones, then the plain ones. */
    static String libraryDirectories() {
        String multiarch = switch (System.getProperty("os.arch")) {
            case "amd64", "x86_64" -> "x86_64-linux-gnu";
            case "aarch64" -> "aarch64-linux-gnu";
            default -> null;
        };
        Stream<String> dirs = Stream.of("/usr/lib/" + multiarch, "/lib/" + multiarch, "/usr/lib64", "/lib64",
                "/usr/lib", "/lib");
        return dirs.filter(d -> !d.endsWith("/null") && Files.isDirectory(Path.of(d)))
                .collect(Collectors.joining(java.io.File.pathSeparator));
    }
}
