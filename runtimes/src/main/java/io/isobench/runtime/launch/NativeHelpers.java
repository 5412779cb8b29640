package io.isobench.runtime.launch;

import io.isobench.runtime.FileTrees;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The static native programs (launcher, noop, guest-init, ...) that the Maven build puts
 * under {@code /native/} of the runtimes jar. A program cannot be executed from inside a
 * jar, so they are extracted once into a content-addressed directory
 * {@code <cache>/native/<hash>/}; during tests (classes in a directory) they are used in
 * place.
 */
public final class NativeHelpers {
    private static final String PREFIX = "native/";
    private static volatile NativeHelpers instance;

    private final Path dir;
    private final Map<String, Path> programs;
    private final String hash;

    private NativeHelpers(Path dir, Map<String, Path> programs, String hash) {
        this.dir = dir;
        this.programs = Collections.unmodifiableMap(programs);
        this.hash = hash;
    }

    /** The helpers of this isobench build, extracted on first use. */
    public static NativeHelpers get() {
        NativeHelpers local = instance;
        if (local == null) {
            synchronized (NativeHelpers.class) {
                local = instance;
                if (local == null) {
                    try {
                        local = locate(CacheRoot.get().resolve("native"));
                    } catch (IOException e) {
                        throw new UncheckedIOException("cannot extract isobench's native helpers: " + e.getMessage(), e);
                    }
                    instance = local;
                }
            }
        }
        return local;
    }

    /** Path of one program, e.g. {@code launcher}. */
    public Path path(String name) {
        Path p = programs.get(name);
        if (p == null) {
            throw new IllegalStateException("native helper " + name + " is not part of this build (have "
                    + programs.keySet() + ")");
        }
        return p;
    }

    public Path launcher() {
        return path("launcher");
    }

    /** Every program by name, in name order. */
    public Map<String, Path> all() {
        return programs;
    }

    /** Hex SHA-256 over every program's name and bytes. */
    public String hash() {
        return hash;
    }

    public Path directory() {
        return dir;
    }

    static NativeHelpers locate(Path cache) throws IOException {
        URL url = NativeHelpers.class.getClassLoader().getResource(PREFIX + "launcher");
        if (url == null) {
            throw new IOException("the native helpers are missing from the classpath (was the runtimes module built with gcc?)");
        }
        if ("file".equals(url.getProtocol())) {
            Path dir;
            try {
                dir = Path.of(url.toURI()).getParent();
            } catch (URISyntaxException e) {
                throw new IOException(e);
            }
            Map<String, byte[]> contents = new TreeMap<>();
            try (Stream<Path> files = Files.list(dir)) {
                for (Path p : (Iterable<Path>) files.filter(Files::isRegularFile).sorted()::iterator) {
                    if (!p.getFileName().toString().endsWith(".tmp")) {
                        contents.put(p.getFileName().toString(), Files.readAllBytes(p));
                    }
                }
            }
            Map<String, Path> programs = new TreeMap<>();
            contents.keySet().forEach(n -> programs.put(n, dir.resolve(n)));
            return new NativeHelpers(dir, programs, hash(contents));
        }
        if ("jar".equals(url.getProtocol())) {
            Map<String, byte[]> contents = new TreeMap<>();
            JarURLConnection connection = (JarURLConnection) url.openConnection();
            connection.setUseCaches(false);
            try (JarFile jar = connection.getJarFile()) {
                for (JarEntry entry : Collections.list(jar.entries())) {
                    String name = entry.getName();
                    if (name.startsWith(PREFIX) && !entry.isDirectory() && name.indexOf('/', PREFIX.length()) < 0) {
                        try (InputStream in = jar.getInputStream(entry)) {
                            contents.put(name.substring(PREFIX.length()), in.readAllBytes());
                        }
                    }
                }
            }
            String hash = hash(contents);
            Path dir = cache.resolve(hash.substring(0, 16));
            if (!complete(dir, contents)) {
                extract(dir, contents);
            }
            Map<String, Path> programs = new TreeMap<>();
            contents.keySet().forEach(n -> programs.put(n, dir.resolve(n)));
            return new NativeHelpers(dir, programs, hash);
        }
        throw new IOException("cannot read native helpers from " + url);
    }

    private static boolean complete(Path dir, Map<String, byte[]> contents) {
        for (String name : contents.keySet()) {
            Path p = dir.resolve(name);
            if (!Files.isExecutable(p)) {
                return false;
            }
        }
        return true;
    }

    /** Writes into a private temp dir, then renames it into place: readers never see half a file. */
    private static void extract(Path dir, Map<String, byte[]> contents) throws IOException {
        Files.createDirectories(dir.getParent());
        Path tmp = Files.createTempDirectory(dir.getParent(), dir.getFileName() + ".tmp");
        try {
            for (var e : contents.entrySet()) {
                Path p = tmp.resolve(e.getKey());
                Files.write(p, e.getValue());
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
            try {
                Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
                // Another isobench extracted the same content first (or left a broken one).
                if (!complete(dir, contents)) {
                    throw new IOException("cannot extract native helpers into " + dir + ": it exists but is incomplete");
                }
            } catch (IOException e) {
                if (!complete(dir, contents)) {
                    throw e;
                }
            }
        } finally {
            FileTrees.delete(tmp);
        }
    }

    private static String hash(Map<String, byte[]> contents) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (var e : contents.entrySet()) {
                sha.update(e.getKey().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                sha.update((byte) 0);
                sha.update(java.nio.ByteBuffer.allocate(8).putLong(e.getValue().length).array());
                sha.update(e.getValue());
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
