package io.isobench.runtime.vm.acpi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An independent second opinion from ACPICA's iasl (Debian package {@code acpica-tools}),
 * run only where iasl is installed; the fixed-byte tests are the primary check and run
 * everywhere. It disassembles the built tables, expects no checksum or parse complaints and
 * the ASL we meant, then recompiles the disassembled DSDT with optimizations off and expects
 * our AML back byte for byte, except where we deliberately differ: the header checksum and
 * compiler id/revision (offsets 9, 28-35) and End Tag checksums (we compute them, iasl
 * writes 0).
 */
class IaslCrossCheckTest {

    @TempDir
    Path dir;

    private static Optional<Path> findIasl() {
        String path = System.getenv().getOrDefault("PATH", "") + File.pathSeparator + "/usr/bin";
        for (String d : path.split(File.pathSeparator)) {
            Path p = Path.of(d.isEmpty() ? "." : d, "iasl");
            if (Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    private String run(Path iasl, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(iasl.toString());
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "iasl finished");
        String text = new String(out, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), "iasl " + cmd + " failed:\n" + text);
        return text;
    }

    private static String squash(String s) {
        return s.replaceAll("[ \\t]+", " ");
    }

    @Test
    void iaslAgreesWithOurTables() throws Exception {
        Optional<Path> iasl = findIasl();
        // scripts/install-deps installs acpica-tools: a missing iasl is a failed test, not a skip.
        assertTrue(iasl.isPresent(), "iasl not installed (apt-get install acpica-tools; scripts/install-deps does it)");

        AcpiLayout layout = AcpiTables.build(AcpiTablesTest.TYPICAL);
        for (String sig : List.of("DSDT", "FACP", "APIC", "XSDT")) {
            Files.write(dir.resolve(sig + ".dat"), layout.table(sig).bytes());
        }
        String log = run(iasl.get(), "-d", "DSDT.dat", "FACP.dat", "APIC.dat", "XSDT.dat");
        assertFalse(log.contains("Incorrect checksum"), log);
        assertFalse(log.toLowerCase().contains("error"), log);
        assertFalse(log.toLowerCase().contains("warning"), log);

        String dsdt = squash(Files.readString(dir.resolve("DSDT.dsl")));
        for (String expected : List.of(
                "DefinitionBlock (\"\", \"DSDT\", 2, \"ISOBEN\", \"ISOBDSDT\", 0x00000001)",
                "Scope (\\_SB)",
                "Device (COM1)",
                "Device (COM2)",
                "Name (_HID, EisaId (\"PNP0501\")",
                "IO (Decode16,\n 0x03F8, // Range Minimum",
                "Device (PS2K)",
                "Name (_HID, EisaId (\"PNP0303\")",
                "Device (VR00)",
                "Device (VR01)",
                "Name (_HID, \"LNRO0005\")",
                "Name (_UID, One)",
                "Memory32Fixed (ReadWrite,\n 0xD0001000, // Address Base\n 0x00001000, // Address Length",
                "Interrupt (ResourceConsumer, Edge, ActiveHigh, Exclusive, ,, )\n {\n 0x00000006,")) {
            assertTrue(dsdt.contains(expected), "DSDT.dsl lacks: " + expected + "\n" + dsdt);
        }
        String fadt = squash(Files.readString(dir.resolve("FACP.dsl")));
        assertTrue(fadt.contains("Hardware Reduced (V5) : 1"), fadt);
        assertTrue(fadt.contains("DSDT Address : 00000000000E01F0"), fadt);
        String madt = squash(Files.readString(dir.resolve("APIC.dsl")));
        assertTrue(madt.contains("PC-AT Compatibility : 1"), madt);
        assertTrue(madt.contains("Subtable Type : 02 [Interrupt Source Override]"), madt);

        run(iasl.get(), "-oa", "-p", "recompiled", "DSDT.dsl");
        byte[] ours = layout.table("DSDT").bytes();
        byte[] theirs = Files.readAllBytes(dir.resolve("recompiled.aml"));
        assertEquals(ours.length, theirs.length, "recompiled DSDT length");
        int endTagDifferences = 0;
        for (int i = 0; i < ours.length; i++) {
            boolean headerField = i == 9 || (i >= 28 && i < 36);
            boolean endTagChecksum = i > 0 && (ours[i - 1] & 0xFF) == 0x79 && theirs[i] == 0;
            if (!headerField && !endTagChecksum) {
                assertEquals(theirs[i], ours[i], String.format("DSDT byte at offset %d", i));
            } else if (endTagChecksum && ours[i] != 0) {
                endTagDifferences++;
            }
        }
        // COM1, COM2, PS2K, VR00, VR01: one resource template each, each with a non-zero checksum.
        assertEquals(5, endTagDifferences, "End Tag checksums that differ from iasl's zero");
    }
}
