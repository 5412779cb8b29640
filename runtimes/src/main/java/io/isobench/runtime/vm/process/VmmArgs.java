package io.isobench.runtime.vm.process;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The VMM process's command line, written by {@code VmRuntime} and read by {@link VmmMain}.
 * Kept as one record with both directions, so the two sides cannot drift apart.
 *
 * @param disk    the scratch disk image, or null for none
 * @param console where COM1 (kernel console) goes, a file
 */
public record VmmArgs(Path kernel, Path initrd, String commandLine, int vcpus, long memoryBytes, Path disk,
                      boolean diskDirect, Duration timeout, Path report, Path console) {

    public List<String> toArgs() {
        List<String> a = new ArrayList<>(List.of("--kernel", kernel.toString(), "--initrd", initrd.toString(),
                "--cmdline", commandLine, "--cpus", Integer.toString(vcpus), "--memory", Long.toString(memoryBytes),
                "--timeout-ms", Long.toString(timeout.toMillis()), "--report", report.toString(),
                "--console", console.toString()));
        if (disk != null) {
            a.addAll(List.of("--disk", disk.toString()));
            if (diskDirect) {
                a.add("--disk-direct");
            }
        }
        return a;
    }

    /** @throws IllegalArgumentException naming the bad or missing option */
    public static VmmArgs parse(List<String> args) {
        Path kernel = null, initrd = null, disk = null, report = null, console = null;
        String cmdline = null;
        int vcpus = 1;
        long memory = 0;
        long timeoutMs = 0;
        boolean direct = false;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--disk-direct")) {
                direct = true;
                continue;
            }
            if (i + 1 >= args.size()) {
                throw new IllegalArgumentException("option " + a + " needs a value");
            }
            String v = args.get(++i);
            switch (a) {
                case "--kernel" -> kernel = Path.of(v);
                case "--initrd" -> initrd = Path.of(v);
                case "--cmdline" -> cmdline = v;
                case "--cpus" -> vcpus = Integer.parseInt(v);
                case "--memory" -> memory = Long.parseLong(v);
                case "--timeout-ms" -> timeoutMs = Long.parseLong(v);
                case "--report" -> report = Path.of(v);
                case "--console" -> console = Path.of(v);
                case "--disk" -> disk = Path.of(v);
                default -> throw new IllegalArgumentException("unknown option " + a);
            }
        }
        if (kernel == null || initrd == null || cmdline == null || report == null || console == null || memory <= 0
                || timeoutMs <= 0) {
            throw new IllegalArgumentException("--kernel, --initrd, --cmdline, --memory, --timeout-ms, --report and "
                    + "--console are required");
        }
        return new VmmArgs(kernel, initrd, cmdline, vcpus, memory, disk, direct, Duration.ofMillis(timeoutMs), report,
                console);
    }
}
