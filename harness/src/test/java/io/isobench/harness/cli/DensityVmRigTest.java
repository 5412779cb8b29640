package io.isobench.harness.cli;

import io.isobench.model.density.DensityJson;
import io.isobench.model.density.DensityResults;
import io.isobench.model.density.DensitySummary;
import io.isobench.model.density.KsmMeasurement;
import io.isobench.model.density.RampPoint;
import io.isobench.model.density.VmMemory;
import io.isobench.runtime.FileTrees;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 12's VM target in the nested rig (the only place here with hardware KVM), in ONE L2
 * boot: {@code isobench density --runtimes vm --count 4 --ksm on} with the real command (the
 * repo's {@code isobench}, so the monitor runs from the jar with its class-data archive), then
 * what L2 still holds. Checked: all 4 ready at once; each instance's memory split into guest
 * RAM, touched guest memory and the monitor's own RSS and PSS; the monitor's PSS under issue
 * 12's 20 MiB (docs/density.md has the figures); KSM switched on, merging the VMs' identical pages, and put back as it was;
 * nothing left behind (processes, cgroups, paths: density's own check; temp directories,
 * cgroups and taps: listed in L2 after the run). Rig figures are emulated, not performance data.
 */
class DensityVmRigTest {
    private static final long MIB = 1L << 20;

    @Test
    @Tag("rig-linux")
    void fourVmsReadyAtOnceWithTheirMemorySplitKsmAndNothingLeft() throws Exception {
        Path repo = Path.of("..").toAbsolutePath().normalize();
        Path isobench = repo.resolve("isobench");
        // On the host, where it is fast and kept: L2 sees the cache read-only and throws its writes away.
        Process prepare = new ProcessBuilder(isobench.toString(), "vm", "prepare").redirectErrorStream(true).start();
        String prepared = new String(prepare.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(prepare.waitFor(900, TimeUnit.SECONDS) && prepare.exitValue() == 0, "vm prepare:\n" + prepared);
        assertTrue(prepared.contains("monitor-class-data /"), "the monitor's archive must be made on the host:\n" + prepared);

        Path writable = Path.of("target", "rig-density").toAbsolutePath();
        FileTrees.deleteQuietly(writable);
        Files.createDirectories(writable);
        Path out = writable.resolve("out");
        String script = String.join("\n",
                "ksm_before=$(cat /sys/kernel/mm/ksm/run)",
                // L2's /tmp shows the host's /tmp underneath: what density leaves is what is new after it.
                "temp_before=$(ls -d /tmp/isobench-* /var/tmp/isobench-* 2>/dev/null | sort)",
                "'" + isobench + "' density --runtimes vm --count 4 --memory 256M --steady 2 --ksm on --ready-timeout 300"
                        + " --out '" + out + "'",
                "echo \"density-exit $?\"",
                "echo \"ksm-run $ksm_before $(cat /sys/kernel/mm/ksm/run)\"",
                "echo \"left-temp [$(comm -13 <(echo \"$temp_before\") <(ls -d /tmp/isobench-* /var/tmp/isobench-* 2>/dev/null"
                        + " | sort) | tr '\\n' ' ')]\"",
                "echo \"left-cgroups [$(find /sys/fs/cgroup -maxdepth 3 -name 'isobench-*' 2>/dev/null | tr '\\n' ' ')]\"",
                "echo \"left-taps [$(ls /sys/class/net | grep -v '^lo$' | tr '\\n' ' ')]\"",
                // [n]: the pattern must not match this shell's own command line, which holds it.
                "echo \"left-monitors [$(pgrep -f 'process[.]VmmMai[n]' | tr '\\n' ' ')]\"");
        long t0 = System.nanoTime();
        var r = io.isobench.runtime.vm.vstate.KvmRigTest.commandInRig(List.of("/bin/bash", "-c", script), 900,
                java.util.Map.of("RIG_WRITABLE", writable.toString()));
        System.out.println(r.output());
        System.out.printf("DensityVmRigTest: the rig took %.0f s%n", (System.nanoTime() - t0) / 1e9);
        assertEquals(0, r.exitCode(), r.output());
        String o = r.output();
        assertTrue(o.contains("density-exit 0"), o);

        DensityResults d = DensityJson.read(out.resolve(DensityJson.FILE));
        assertEquals("on", d.config().ksm());
        DensitySummary s = d.runs().get(0).summary();
        assertEquals("vm", d.runs().get(0).runtime());
        assertNull(s.stopReason(), s.toString());
        assertEquals(4, s.reached(), "all 4 ready at once");
        assertEquals(4, d.runs().get(0).ramp().size());
        for (RampPoint p : d.runs().get(0).ramp()) {
            VmMemory vm = p.vm();
            assertNotNull(vm, "the VM split of " + p);
            assertEquals(256 * MIB, vm.guestMemoryBytes(), p.toString());
            assertTrue(vm.touchedBytes() > 16 * MIB && vm.touchedBytes() <= vm.guestMemoryBytes(), p.toString());
            assertTrue(vm.guestPssBytes() > 0 && vm.guestPssBytes() <= vm.touchedBytes(), p.toString());
            assertTrue(vm.monitorRssBytes() > 0 && vm.monitorPssBytes() > 0 && vm.monitorPssBytes() <= vm.monitorRssBytes(),
                    p.toString());
            // The instance's processes (launcher + monitor) hold the guest's touched memory and the monitor's own.
            assertTrue(p.rssBytes() >= vm.touchedBytes() + vm.monitorRssBytes(), p.toString());
        }
        VmMemory mean = s.vmPerInstance();
        assertNotNull(mean);
        // Issue 12's target. Measured 23.9 MiB before the monitor was cut down further (2026-12-03 13:00 UTC),
        // then the figure in docs/density.md; without shared class data (the archives relocated or missing),
        // the cut class path or JNA's shared stub it is well above 20 MiB.
        assertTrue(mean.monitorPssBytes() < 20 * MIB, "the monitor's PSS per instance at N = 4: " + mean);

        KsmMeasurement k = s.ksmSettled();
        assertNotNull(k, "--ksm on measures again after KSM settled");
        assertTrue(k.pagesSharing() > 0, "identical guest kernels and initramfs pages should merge: " + k);
        assertTrue(k.vmPerInstance().guestPssBytes() < mean.guestPssBytes(), "merged guest pages show in PSS: " + k);
        String[] run = line(o, "ksm-run ").substring("ksm-run ".length()).split(" ");
        assertEquals(run[0], run[1], "KSM's run as it was before");
        assertEquals(k.runBefore(), run[0]);

        assertEquals(List.of(), s.leftovers());
        for (String what : List.of("left-temp", "left-cgroups", "left-taps", "left-monitors")) {
            assertEquals(what + " []", line(o, what + " ").replace("[ ]", "[]").replaceAll(" \\]", "]"), o);
        }
    }

    private static String line(String output, String prefix) {
        return output.lines().filter(l -> l.startsWith(prefix)).findFirst()
                .orElseThrow(() -> new AssertionError("no line '" + prefix + "' in:\n" + output)).strip();
    }
}
