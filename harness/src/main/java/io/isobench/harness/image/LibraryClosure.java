package io.isobench.harness.image;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The host shared libraries a set of ELF programs needs, computed with {@code ldd} (the
 * dynamic loader itself resolves DT_NEEDED, RUNPATH with $ORIGIN, the ld.so cache and the
 * interpreter, so nothing is hand-listed or second-guessed). Static programs need nothing.
 * Paths are returned as the loader names them (e.g. /lib/x86_64-linux-gnu/libc.so.6), so
 * copying each to the same path inside the image lets the same loader find it there.
 */
final class LibraryClosure {
    // "libz.so.1 => /lib/x86_64-linux-gnu/libz.so.1 (0x...)" or "/lib64/ld-linux-x86-64.so.2 (0x...)"
    private static final Pattern RESOLVED = Pattern.compile("^\\s*\\S+ => (/\\S+) \\(0x[0-9a-f]+\\)$");
    private static final Pattern DIRECT = Pattern.compile("^\\s*(/\\S+) \\(0x[0-9a-f]+\\)$");
    private static final Pattern MISSING = Pattern.compile("^\\s*(\\S+) => not found$");
    /**
     * Loaded with dlopen, so invisible to ldd: glibc loads libgcc_s for thread exit and
     * cancellation (unwinding), which every JVM thread that ends goes through.
     */
    static final List<String> DLOPENED = List.of("libgcc_s.so.1");

    private LibraryClosure() {
    }

    /** Whether a file starts with the ELF magic. */
    static boolean isElf(Path file) {
        if (!Files.isRegularFile(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] magic = in.readNBytes(4);
            return magic.length == 4 && magic[0] == 0x7f && magic[1] == 'E' && magic[2] == 'L' && magic[3] == 'F';
        } catch (IOException e) {
            return false;
        }
    }

    /** Every ELF file below a directory. */
    static List<Path> elfFiles(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(LibraryClosure::isElf).sorted().toList();
        }
    }

    /**
     * The libraries the given programs load, outside {@code exclude} (their own directory
     * tree, whose libraries travel with them).
     */
    static Set<Path> of(List<Path> programs, Path exclude) throws IOException {
        Set<Path> libraries = new TreeSet<>();
        Set<String> own = ownLibraries(exclude);
        for (Path program : programs) {
            for (Path lib : ldd(program, own)) {
                if (exclude == null || !lib.normalize().startsWith(exclude)) {
                    libraries.add(lib.normalize());
                }
            }
        }
        if (!libraries.isEmpty()) {
            // Put the dlopen()ed ones next to libc, where the loader will look for them.
            Path libc = libraries.stream().filter(p -> p.getFileName().toString().startsWith("libc.so")).findFirst().orElse(null);
            if (libc != null) {
                for (String name : DLOPENED) {
                    Path candidate = libc.resolveSibling(name);
                    if (Files.exists(candidate)) {
                        libraries.add(candidate);
                        libraries.addAll(ldd(candidate, own));
                    }
                }
            }
        }
        return libraries;
    }

    /**
     * File names of the libraries inside the programs' own tree. The JDK's libraries need
     * libjvm.so without saying where it is (it is always loaded first, by the launcher,
     * from lib/server/), so ldd reports it "not found" although it travels with them.
     */
    private static Set<String> ownLibraries(Path tree) throws IOException {
        Set<String> names = new TreeSet<>();
        if (tree != null && Files.isDirectory(tree)) {
            try (Stream<Path> walk = Files.walk(tree)) {
                walk.filter(p -> p.getFileName().toString().contains(".so")).forEach(p -> names.add(p.getFileName().toString()));
            }
        }
        return names;
    }

    private static List<Path> ldd(Path program, Set<String> own) throws IOException {
        Process p = new ProcessBuilder("ldd", program.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        try {
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("ldd " + program + " did not finish");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        List<Path> libs = new ArrayList<>();
        if (p.exitValue() != 0) {
            // "not a dynamic executable": a static program.
            return libs;
        }
        for (String line : out.split("\n")) {
            Matcher m;
            if ((m = MISSING.matcher(line)).matches()) {
                if (own.contains(m.group(1))) {
                    continue;
                }
                throw new IOException(program + " needs " + m.group(1) + ", which this host does not have");
            } else if ((m = RESOLVED.matcher(line)).matches() || (m = DIRECT.matcher(line)).matches()) {
                libs.add(Path.of(m.group(1)));
            }
        }
        return libs;
    }
}
