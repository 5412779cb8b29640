package io.isobench.harness.host;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The kernel settings {@code host check} reads and {@code host tune} may change, with what
 * each is known to do to measurements (pyperf's {@code system tune} and Google Benchmark's
 * CPU-scaling warning cover the same ground). ASLR is read but never warned about: every
 * trial is a fresh instance, and layout variation between instances is part of what they
 * measure; it can still be switched off for an experiment.
 */
public final class Knobs {
    private Knobs() {
    }

    public static final List<Knob> ALL = List.of(
            new Knob("cpu.governor", Knobs::governors, identity("performance", "powersave", "schedutil", "ondemand",
                    "conservative", "userspace"), List.of("powersave", "schedutil", "ondemand", "conservative"),
                    "the CPU clock follows load, so a trial's speed depends on what ran before it", "performance"),
            new Knob("cpu.boost", root -> List.of(root.resolve("sys/devices/system/cpu/cpufreq/boost")),
                    words("on", "1", "off", "0"), List.of("1"),
                    "the clock depends on temperature and on how many cores are busy", "off"),
            new Knob("cpu.turbo", root -> List.of(root.resolve("sys/devices/system/cpu/intel_pstate/no_turbo")),
                    words("on", "0", "off", "1"), List.of("0"),
                    "Intel Turbo Boost makes the clock depend on temperature and on how many cores are busy", "off"),
            new Knob("smt", root -> List.of(root.resolve("sys/devices/system/cpu/smt/control")),
                    words("on", "on", "off", "off"), List.of("on"),
                    "sibling hardware threads share one core's caches and execution units", "off"),
            new Knob("thp", root -> List.of(root.resolve("sys/kernel/mm/transparent_hugepage/enabled")),
                    identity("always", "madvise", "never"), List.of("always"),
                    "huge pages come and go with khugepaged and compaction, so memory figures depend on fragmentation",
                    "madvise"),
            new Knob("ksm", root -> List.of(root.resolve("sys/kernel/mm/ksm/run")),
                    words("off", "0", "on", "1"), List.of("1"),
                    "ksmd scans and merges pages in the background, costing CPU and changing memory figures", "off"),
            new Knob("aslr", root -> List.of(root.resolve("proc/sys/kernel/randomize_va_space")),
                    words("off", "0", "partial", "1", "on", "2"), List.of(), "", "on"));

    public static Optional<Knob> named(String name) {
        return ALL.stream().filter(k -> k.name().equals(name)).findFirst();
    }

    private static List<Path> governors(Path root) {
        Path cpus = root.resolve("sys/devices/system/cpu");
        try (Stream<Path> s = Files.list(cpus)) {
            return s.filter(p -> p.getFileName().toString().matches("cpu\\d+"))
                    .map(p -> p.resolve("cpufreq/scaling_governor")).filter(Files::exists).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static Map<String, String> identity(String... values) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String v : values) {
            m.put(v, v);
        }
        return m;
    }

    private static Map<String, String> words(String... pairs) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put(pairs[i], pairs[i + 1]);
        }
        return m;
    }
}
