package io.isobench.harness.host;

import io.isobench.model.HostConditions.Condition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HostCheckTest {

    /** A host tree with every noisy setting: each is named with its fix; the quiet ones are not. */
    @Test
    void noisySettingsAreWarnedAboutWithTheirFix(@TempDir Path root) throws Exception {
        write(root, "sys/devices/system/cpu/cpu0/cpufreq/scaling_governor", "powersave");
        write(root, "sys/devices/system/cpu/cpu1/cpufreq/scaling_governor", "powersave");
        write(root, "sys/devices/system/cpu/cpufreq/boost", "1");
        write(root, "sys/devices/system/cpu/smt/control", "on");
        write(root, "sys/kernel/mm/transparent_hugepage/enabled", "[always] madvise never");
        write(root, "sys/kernel/mm/ksm/run", "1");
        write(root, "proc/sys/kernel/randomize_va_space", "2");
        write(root, "proc/meminfo", "MemTotal: 1000 kB\nSwapTotal:  2097152 kB\nSwapFree:   1048576 kB\n");
        write(root, "proc/loadavg", "9.00 8.00 7.00 3/200 1234");
        write(root, "sys/devices/system/clocksource/clocksource0/current_clocksource", "hpet");
        write(root, "proc/mounts", "cgroup2 /sys/fs/cgroup cgroup2 rw,nosuid,nodev,noexec,relatime,nsdelegate 0 0\n");

        Map<String, Condition> c = byName(new HostCheck(root, 1).read());

        assertEquals("powersave", c.get("cpu.governor").value());
        assertTrue(c.get("cpu.governor").warning().endsWith("fix: isobench host tune cpu.governor=performance"
                + " (isobench host reset restores it)"), c.get("cpu.governor").warning());
        assertTrue(c.get("cpu.boost").warning().contains("isobench host tune cpu.boost=off"));
        assertTrue(c.get("smt").warning().contains("isobench host tune smt=off"));
        assertEquals("always", c.get("thp").value());
        assertTrue(c.get("thp").warning().contains("isobench host tune thp=madvise"));
        assertEquals("on", c.get("ksm").value());
        assertTrue(c.get("ksm").warning().contains("isobench host tune ksm=off"));
        assertEquals("on", c.get("aslr").value());
        assertNull(c.get("aslr").warning(), "ASLR is recorded, not warned about");
        assertEquals("1024 MiB used of 2048 MiB", c.get("swap").value());
        assertTrue(c.get("swap").warning().startsWith("swap is in use"));
        assertTrue(c.get("load").warning().startsWith("load average 9.00"));
        assertTrue(c.get("clocksource").warning().startsWith("the clock source is hpet"));
        assertEquals("/sys/fs/cgroup cgroup2 rw,nosuid,nodev,noexec,relatime,nsdelegate", c.get("cgroup.mounts").value());
        assertEquals("unknown", c.get("cpu.turbo").value(), "a setting this host does not have");
        assertNull(c.get("cpu.turbo").warning());
    }

    /** This very host: every source is read (or said unknown), and the sample finds running processes. */
    @Test
    void readsThisHost() {
        Map<String, Condition> c = byName(HostCheck.here().read());
        assertEquals(List.of("cpu.governor", "cpu.boost", "cpu.turbo", "smt", "thp", "ksm", "aslr", "swap", "load", "busiest",
                "clocksource", "cgroup.mounts", "spawn.floor"), List.copyOf(c.keySet()));
        // The harness's own start floor, measured with the mechanism every launcher is started with.
        assertTrue(c.get("spawn.floor").value().matches("[0-9.]+ ms median of 21 starts of a static no-op \\(min [0-9.]+\\), posix_spawn.*"),
                c.get("spawn.floor").value());
        assertTrue(List.of("always", "madvise", "never").contains(c.get("thp").value()), c.get("thp").value());
        assertTrue(c.get("load").value().matches("[0-9.]+ [0-9.]+ [0-9.]+ on \\d+ CPUs"), c.get("load").value());
        assertTrue(c.get("cgroup.mounts").value().contains("cgroup"), c.get("cgroup.mounts").value());
    }

    static Map<String, Condition> byName(List<Condition> conditions) {
        return conditions.stream().collect(Collectors.toMap(Condition::name, x -> x, (a, b) -> a, java.util.LinkedHashMap::new));
    }

    static void write(Path root, String file, String content) throws Exception {
        Path p = root.resolve(file);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content);
    }
}
