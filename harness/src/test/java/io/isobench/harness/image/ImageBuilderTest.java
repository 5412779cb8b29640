package io.isobench.harness.image;

import io.isobench.runtime.Execution;
import io.isobench.runtime.Launch;
import io.isobench.runtime.Limits;
import io.isobench.runtime.Stdio;
import io.isobench.runtime.bare.BareRuntime;
import io.isobench.runtime.cgroup.Cgroup;
import io.isobench.runtime.cgroup.CgroupManager;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Builds the real image (into the user's cache, as a run would) and runs its JRE. */
class ImageBuilderTest {
    static Image image;

    @BeforeAll
    static void build() throws Exception {
        image = ImageBuilder.standard().ensure();
    }

    @Test
    void imageJavaRunsFromTheImageRootThroughTheBareRuntime() throws Exception {
        try (Cgroup cgroup = CgroupManager.open().create("test-image-java")) {
            // Only the image's own files: an empty PATH and a cwd of the image root.
            Execution e = new BareRuntime().execute(new Launch(image.root(),
                    List.of("opt/isobench/jre/bin/java", "-version"), Map.of(), Limits.NONE, cgroup, null,
                    Duration.ofSeconds(60), Stdio.CAPTURE, null));
            assertEquals(0, e.exitCode(), e.stderr());
            assertTrue(e.stderr().contains("17."), e.stderr());
        }
        String modules = Files.readString(image.root().resolve("opt/isobench/jre/release"));
        for (String m : ImageBuilder.MODULES) {
            assertTrue(modules.contains(m), "module " + m + " missing: " + modules);
        }
        assertTrue(!modules.contains("java.desktop"), "the JRE is not minimal: " + modules);
    }

    @Test
    void imageHoldsTheLibraryClosureAtHostPathsAndTheHelpers() throws Exception {
        Path root = image.root();
        for (String f : List.of("opt/isobench/workloads.jar", "opt/isobench/bin/noop", "opt/isobench/bin/launcher",
                "etc/passwd", "etc/hosts", "tmp", "proc", "scratch")) {
            assertTrue(Files.exists(root.resolve(f)), f + " missing");
        }
        // Every library any ELF in the image needs is in the image (computed, so check it the same way).
        for (Path lib : LibraryClosure.of(LibraryClosure.elfFiles(root), root)) {
            assertTrue(Files.exists(root.resolve(lib.toString().substring(1))), lib + " is not in the image");
        }
        assertTrue(Files.exists(root.resolve("lib64/ld-linux-x86-64.so.2")) || Files.exists(root.resolve("lib/ld-linux-x86-64.so.2")));
        assertTrue(Files.list(root.resolve("lib/x86_64-linux-gnu")).anyMatch(p -> p.getFileName().toString().startsWith("libc.so")));
        assertTrue(Files.list(root.resolve("lib/x86_64-linux-gnu")).anyMatch(p -> p.getFileName().toString().startsWith("libgcc_s")));
    }

    @Test
    void secondEnsureReusesTheImageWithoutBuilding() throws Exception {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        ImageBuilder builder = new ImageBuilder(image.root().getParent(), Path.of(System.getProperty("java.home")),
                new PrintStream(log));
        Image again = builder.ensure();
        assertEquals(image, again);
        assertEquals("", log.toString(), "rebuilt although nothing changed");
        assertTrue(builder.isBuilt());
    }
}
