package io.isobench.runtime.vm.process;

import com.sun.jna.Platform;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Collections;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

class MonitorClassPathTest {
    private static final String STUB = "com/sun/jna/" + Platform.RESOURCE_PREFIX + "/libjnidispatch.so";

    @Test
    void theMonitorsJarKeepsIsobenchAndJnaOnlyAndIsMadeOncePerBuild(@TempDir Path dir) throws Exception {
        Path fat = dir.resolve("isobench.jar");
        List<String> all = List.of("META-INF/MANIFEST.MF", "io/isobench/runtime/vm/process/VmmMain.class",
                "io/isobench/model/Mark.class", "com/sun/jna/Native.class", STUB,
                "com/sun/jna/darwin-aarch64/libjnidispatch.jnilib", "com/sun/jna/platform/win32/Kernel32.class",
                "com/fasterxml/jackson/databind/ObjectMapper.class", "org/apache/pdfbox/Doc.class");
        try (OutputStream f = Files.newOutputStream(fat); ZipOutputStream z = new ZipOutputStream(f)) {
            z.putNextEntry(new ZipEntry("io/isobench/"));  // a directory entry: not copied
            z.closeEntry();
            for (String name : all) {
                z.putNextEntry(new ZipEntry(name));
                z.write(name.getBytes(StandardCharsets.UTF_8));
                z.closeEntry();
            }
        }
        MonitorClassPath cp = new MonitorClassPath(dir.resolve("cache"));
        Path cut = Path.of(cp.get(fat.toString()));
        assertNotEquals(fat, cut);
        try (ZipFile z = new ZipFile(cut.toFile())) {
            assertEquals(List.of("io/isobench/runtime/vm/process/VmmMain.class", "io/isobench/model/Mark.class",
                    "com/sun/jna/Native.class", STUB), Collections.list(z.entries()).stream().map(ZipEntry::getName).toList());
            assertEquals("com/sun/jna/Native.class",
                    new String(z.getInputStream(z.getEntry("com/sun/jna/Native.class")).readAllBytes(), StandardCharsets.UTF_8));
        }
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(cut)));
        // The same build again: the same file, not cut again.
        long made = Files.getLastModifiedTime(cut).toMillis();
        Files.setLastModifiedTime(cut, java.nio.file.attribute.FileTime.fromMillis(made - 60_000));
        assertEquals(cut.toString(), cp.get(fat.toString()));
        assertEquals(made - 60_000, Files.getLastModifiedTime(cut).toMillis());
        // Another build (the jar changed): another cut.
        Files.setLastModifiedTime(fat, java.nio.file.attribute.FileTime.fromMillis(Files.getLastModifiedTime(fat).toMillis() + 5_000));
        assertNotEquals(cut.toString(), cp.get(fat.toString()));
    }

    @Test
    void aClassPathWithDirectoriesIsUsedAsItIs(@TempDir Path dir) {
        String withDirectory = dir.resolve("classes") + java.io.File.pathSeparator + dir.resolve("x.jar");
        assertEquals(withDirectory, new MonitorClassPath(dir.resolve("cache")).get(withDirectory));
    }
}
