package io.isobench.harness.host;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HostTunerTest {

    @Test
    void tuneChangesOnlyWhatIsNamedAndResetRestoresTheValuesBeforeTheFirstChange(@TempDir Path tmp) throws Exception {
        Path root = tmp.resolve("root");
        HostCheckTest.write(root, "sys/kernel/mm/transparent_hugepage/enabled", "always [madvise] never");
        HostCheckTest.write(root, "sys/kernel/mm/ksm/run", "0");
        HostCheckTest.write(root, "proc/sys/kernel/randomize_va_space", "2");
        HostTuner tuner = new HostTuner(root, tmp.resolve("state/host-tune.json"));

        tuner.tune(settings("thp", "never", "ksm", "on"));
        assertEquals("never", Files.readString(root.resolve("sys/kernel/mm/transparent_hugepage/enabled")));
        assertEquals("1", Files.readString(root.resolve("sys/kernel/mm/ksm/run")));
        assertEquals("2", Files.readString(root.resolve("proc/sys/kernel/randomize_va_space")), "not named: unchanged");
        tuner.tune(settings("thp", "always")); // a second change keeps the first saved value

        List<String> restored = tuner.reset();
        assertEquals(2, restored.size(), restored.toString());
        assertEquals("madvise", Files.readString(root.resolve("sys/kernel/mm/transparent_hugepage/enabled")));
        assertEquals("0", Files.readString(root.resolve("sys/kernel/mm/ksm/run")));
        assertFalse(Files.exists(tmp.resolve("state/host-tune.json")));
        assertEquals(List.of(), tuner.reset(), "nothing left to restore");
    }

    @Test
    void unknownNamesAndValuesAreRefusedBeforeAnythingIsWritten(@TempDir Path tmp) throws Exception {
        Path root = tmp.resolve("root");
        HostCheckTest.write(root, "sys/kernel/mm/ksm/run", "0");
        HostTuner tuner = new HostTuner(root, tmp.resolve("state.json"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> tuner.tune(settings("ksm", "on", "thp", "sometimes")));
        assertTrue(e.getMessage().startsWith("thp cannot be 'sometimes' (use one of always, madvise, never)"), e.getMessage());
        assertEquals("0", Files.readString(root.resolve("sys/kernel/mm/ksm/run")), "ksm was written before the refusal");
        e = assertThrows(IllegalArgumentException.class, () -> tuner.tune(settings("turbo", "off")));
        assertTrue(e.getMessage().startsWith("unknown setting 'turbo' (known: cpu.governor, "), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> tuner.tune(settings("cpu.boost", "off")));
        assertEquals("this host has no cpu.boost setting to change", e.getMessage());
    }

    /** The real kernel setting on this host (root): THP goes to never and back to exactly what it was. */
    @Test
    void tunesAndResetsThisHostsTransparentHugePages(@TempDir Path tmp) throws Exception {
        Path thp = Path.of("/sys/kernel/mm/transparent_hugepage/enabled");
        String before = Files.readString(thp);
        HostTuner tuner = new HostTuner(Path.of("/"), tmp.resolve("host-tune.json"));
        try {
            tuner.tune(settings("thp", "never"));
            assertTrue(Files.readString(thp).contains("[never]"), Files.readString(thp));
        } finally {
            tuner.reset();
        }
        assertEquals(before, Files.readString(thp));
    }

    private static Map<String, String> settings(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }
}
