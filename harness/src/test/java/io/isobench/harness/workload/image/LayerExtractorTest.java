package io.isobench.harness.workload.image;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Layers in order with whiteouts and opaque directories; hostile entries refused; a seeded fuzz run. */
class LayerExtractorTest {

    @Test
    void layersStackWithWhiteoutsAndOpaqueDirectories(@TempDir Path tmp) throws Exception {
        Path root = Files.createDirectory(tmp.resolve("root"));
        Path lower = new Tars().dir("etc").file("etc/a", "A").file("etc/b", "B").dir("opt").file("opt/old", "O")
                .file("bin/tool", "T").symlink("bin/alias", "tool").hardlink("bin/hard", "bin/tool").write(tmp.resolve("l1"), true);
        Path upper = new Tars().file("etc/.wh.a", "").file("opt/new", "N").file("opt/.wh..wh..opq", "")
                .file("etc/b", "B2").write(tmp.resolve("l2"), false);
        LayerExtractor x = new LayerExtractor(root);
        x.apply(lower, "layer 1");
        x.apply(upper, "layer 2");
        assertFalse(Files.exists(root.resolve("etc/a")), "whiteout removes the lower file");
        assertEquals("B2", Files.readString(root.resolve("etc/b")));
        assertEquals(List.of("new"), list(root.resolve("opt")), "opaque: lower content gone, this layer's kept");
        assertEquals(Path.of("tool"), Files.readSymbolicLink(root.resolve("bin/alias")));
        assertEquals("T", Files.readString(root.resolve("bin/hard")));
        assertFalse(Files.exists(root.resolve("etc/.wh.a")));
    }

    @Test
    void hostileEntriesAreRefusedWithOneSentenceAndNothingOutsideIsTouched(@TempDir Path tmp) throws Exception {
        refused(tmp, new Tars().file("../escape", "x"), "entry '../escape' escapes the root with '..'");
        refused(tmp, new Tars().file("a/../../escape", "x"), "escapes the root with '..'");
        refused(tmp, new Tars().file("/etc/escape", "x"), "entry '/etc/escape' has an absolute path");
        refused(tmp, new Tars().symlink("a/link", "../../outside"), "symbolic link 'a/link' -> '../../outside' points outside the root");
        refused(tmp, new Tars().symlink("link", tmp.resolve("outside").toString()).file("link/escape", "x"),
                "entry 'link/escape' would be written through the symbolic link /link");
        refused(tmp, new Tars().hardlink("h", "../outside/secret"), "escapes the root with '..'");
        refused(tmp, new Tars().hardlink("h", "missing"), "hard link 'h' -> 'missing' names no file of the root");
        refused(tmp, new Tars().device("dev/null"), "entry 'dev/null' is a device node, which isobench does not create");
        refused(tmp, new Tars().file("d/" + "x".repeat(5000), "x"), "an entry name of 5002 bytes is longer than 4096");
        refused(tmp, new Tars().file(".wh..", ""), "whiteout entry '.wh..' names no file");
        // A symlink with an absolute target is kept: it resolves inside the root in every runtime.
        Path root = Files.createDirectories(tmp.resolve("ok-root"));
        new LayerExtractor(root).apply(new Tars().symlink("bin/sh", "/bin/busybox").write(tmp.resolve("abs"), false), "l");
        assertEquals(Path.of("/bin/busybox"), Files.readSymbolicLink(root.resolve("bin/sh")));
    }

    private static void refused(Path tmp, Tars layer, String expected) throws Exception {
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        Files.writeString(outside.resolve("secret"), "s");
        Path root = Files.createTempDirectory(tmp, "root");
        Path blob = layer.write(Files.createTempFile(tmp, "layer", ".tar"), false);
        LayerException e = assertThrows(LayerException.class, () -> new LayerExtractor(root).apply(blob, "layer 1"));
        assertTrue(e.getMessage().contains(expected), "expected '" + expected + "' in: " + e.getMessage());
        assertTrue(e.getMessage().startsWith("layer 1: ") && !e.getMessage().contains("\n"), e.getMessage());
        assertEquals(List.of("secret"), list(outside));
        assertEquals("s", Files.readString(outside.resolve("secret")));
    }

    /**
     * Fuzz: random layers from a small alphabet of names, '..', links out and in, whiteouts.
     * Each either unpacks or is refused with a {@link LayerException}; nothing ever appears
     * outside the root, and no symlink inside the root is ever written through.
     */
    @Test
    void randomLayersNeverWriteOutsideTheRoot(@TempDir Path tmp) throws Exception {
        Random random = new Random(13);
        String[] parts = {"a", "b", "..", ".", "", "link", ".wh.a", ".wh..wh..opq", "c"};
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        Files.writeString(outside.resolve("secret"), "s");
        int refusedCount = 0;
        for (int round = 0; round < 400; round++) {
            Path root = Files.createDirectories(tmp.resolve("r" + round));
            LayerExtractor x = new LayerExtractor(root);
            for (int layer = 0; layer < 2; layer++) {
                Tars t = new Tars();
                int n = 1 + random.nextInt(6);
                for (int i = 0; i < n; i++) {
                    StringBuilder name = new StringBuilder(random.nextInt(8) == 0 ? "/" : "");
                    int depth = 1 + random.nextInt(3);
                    for (int d = 0; d < depth; d++) {
                        name.append(d == 0 ? "" : "/").append(parts[random.nextInt(parts.length)]);
                    }
                    String target = switch (random.nextInt(4)) {
                        case 0 -> outside.toString();
                        case 1 -> "../" .repeat(1 + random.nextInt(3)) + "outside";
                        case 2 -> "a";
                        default -> "b/c";
                    };
                    switch (random.nextInt(5)) {
                        case 0 -> t.dir(name.toString());
                        case 1 -> t.symlink(name.toString(), target);
                        case 2 -> t.hardlink(name.toString(), target);
                        default -> {
                            if (name.toString().endsWith("/") || name.isEmpty()) {
                                t.dir(name.toString()); // a tar name ending in '/' is a directory
                            } else {
                                t.file(name.toString(), "x" + i);
                            }
                        }
                    }
                }
                Path blob = t.write(tmp.resolve("blob"), random.nextBoolean());
                try {
                    x.apply(blob, "layer");
                } catch (LayerException e) {
                    refusedCount++;
                    break;
                }
            }
            assertEquals(List.of("secret"), list(outside), "round " + round);
            assertEquals("s", Files.readString(outside.resolve("secret")));
            try (Stream<Path> walk = Files.walk(root)) {
                for (Path p : walk.toList()) {
                    assertTrue(p.normalize().startsWith(root), p.toString());
                    if (Files.isSymbolicLink(p) && !Files.readSymbolicLink(p).isAbsolute()) {
                        assertFalse(LayerExtractor.escapes(root.relativize(p).toString(), Files.readSymbolicLink(p).toString()), p.toString());
                    }
                }
            }
        }
        assertTrue(refusedCount > 50 && refusedCount < 390, "the fuzz exercises both paths: " + refusedCount + " of 400 refused");
    }

    private static List<String> list(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
