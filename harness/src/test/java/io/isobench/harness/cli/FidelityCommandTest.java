package io.isobench.harness.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.isobench.harness.cli.RunCommandTest.cli;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code isobench fidelity --quick --rounds 1} (root; openssl, fio, perf from scripts/install-deps;
 * ~1.5 min): every built-in workload with a counterpart gets a figure from isobench's bare run and
 * one from its tool, and the table says which comparisons are of the same pattern.
 */
class FidelityCommandTest {
    private static final Pattern ROW = Pattern.compile(
            "(?m)^\\| `([a-z0-9.-]+)` \\| [^|]+ \\| ([0-9.e+-]+) \\| [^|]+ \\| ([0-9.e+-]+) \\| ([0-9.]+) \\| ([^|]+) \\|$");

    @Test
    void everyWorkloadGetsItsFigureNextToItsTool(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("fid");
        RunCommandTest.Cli r = cli("fidelity", "--quick", "--rounds", "1", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        String table = Files.readString(out.resolve("fidelity.md"));
        Matcher m = ROW.matcher(table);
        List<String> seen = new java.util.ArrayList<>();
        while (m.find()) {
            seen.add(m.group(1));
            assertTrue(Double.parseDouble(m.group(2)) > 0 && Double.parseDouble(m.group(3)) > 0, m.group());
            String verdict = m.group(5).strip();
            assertEquals(m.group(1).startsWith("memory.") || m.group(1).startsWith("syscall.")
                    ? "reference only (another pattern)" : "too few rounds for a verdict", verdict, m.group());
        }
        assertEquals(List.of("cpu.sha256", "io.seq-write", "io.rand-read", "memory.triad", "syscall.rate"), seen, table);
        assertTrue(Files.isRegularFile(out.resolve("round-1/results.json")), "the bare run's own results are kept");
    }

    @Test
    void aWorkloadWithoutCounterpartIsOneSentence(@TempDir Path tmp) {
        RunCommandTest.Cli r = cli("fidelity", "--workloads", "cpu.matmul", "--out", tmp.resolve("x").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("isobench: cpu.matmul has no counterpart here; choose from cpu.sha256, "), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
    }
}
