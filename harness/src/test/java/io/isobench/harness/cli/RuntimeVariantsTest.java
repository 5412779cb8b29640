package io.isobench.harness.cli;

import io.isobench.harness.run.RuntimeRegistry;
import io.isobench.model.Phase;
import io.isobench.model.ResultsJson;
import io.isobench.model.RuntimeName;
import io.isobench.model.Trial;
import io.isobench.runtime.cgroup.CgroupLayout;
import io.isobench.runtime.cgroup.CgroupMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static io.isobench.harness.cli.RunCommandTest.expectError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Runtime names KIND[:IMPLEMENTATION]: parsing, the registry's variants, what a run asks for. */
class RuntimeVariantsTest {

    @Test
    void namesParseIntoKindAndImplementation() {
        RuntimeName runc = RuntimeName.parse("container:runc");
        assertEquals("container", runc.kind());
        assertEquals("runc", runc.implementation());
        assertFalse(runc.own());
        assertEquals("container", runc.ownOfKind().toString());
        assertEquals("container:runc", runc.toString());
        RuntimeName qemu = RuntimeName.parse("vm:qemu");
        assertEquals("vm", qemu.kind());
        assertEquals("qemu", qemu.implementation());
        RuntimeName own = RuntimeName.parse("vm");
        assertTrue(own.own());
        assertNull(own.implementation());
    }

    @Test
    void malformedNamesAreRefusedWithOneSentence() {
        for (String bad : List.of("container:", ":runc", "container:runc:x", "docker:runc", "bare:chroot", "container:RunC",
                "qemu")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RuntimeName.parse(bad), bad);
            assertFalse(e.getMessage().isBlank());
            assertEquals(1, e.getMessage().lines().count(), e.getMessage());
        }
    }

    @Test
    void theRegistryHoldsTheVariantsButARunWithoutRuntimesUsesIsobenchsOwn() {
        RuntimeRegistry registry = RuntimeRegistry.standard();
        assertEquals(List.of("bare", "container", "vm", "container:runc", "container:crun", "vm:qemu", "vm:firecracker",
                "vm:cloud-hypervisor"), registry.names());
        assertEquals(List.of("bare", "container", "vm"), registry.defaults());
        assertEquals("container:runc", registry.create("container:runc").name());
        assertEquals("container:crun", registry.create("container:crun").name());
        assertEquals("vm:qemu", registry.create("vm:qemu").name());
        assertEquals("vm:firecracker", registry.create("vm:firecracker").name());
        assertEquals("vm:cloud-hypervisor", registry.create("vm:cloud-hypervisor").name());
        for (String name : registry.names()) {
            RuntimeName.parse(name); // every registered name is well-formed
        }
    }

    @Test
    void badVariantsOnTheCommandLineGetOneSentence(@TempDir Path tmp) {
        String out = tmp.resolve("o").toString();
        expectError("is not KIND or KIND:IMPLEMENTATION", "run", "--runtimes", "bare,container:", "--out", out);
        expectError("bare has no implementations", "run", "--runtimes", "bare:chroot", "--out", out);
        expectError("unknown runtime 'vm:nosuch'", "run", "--runtimes", "vm:nosuch", "--out", out);
        expectError("unknown container option 'nosuch'", "run", "--runtimes", "container:runc",
                "--runtime-option", "container:runc.nosuch=1", "--out", out);
    }

    @Test
    void doctorListsEachVariantAsAvailableOrNotWithTheReason() throws Exception {
        String text = RunVmUnavailableTest.doctor();
        String runc = line(text, "runtime container:runc");
        assertTrue(runc.startsWith("ok") && runc.contains("available"), "runc is installed here (scripts/install-deps): " + runc);
        String crun = line(text, "runtime container:crun");
        if (CgroupLayout.detect().mode() == CgroupMode.HYBRID) {
            assertTrue(crun.startsWith("MISS") && crun.contains("refuses hybrid cgroup hosts"), crun);
        } else {
            assertTrue(crun.startsWith("ok"), "crun is installed (scripts/install-deps) and this host is not hybrid: " + crun);
        }
        // QEMU is installed here (scripts/install-deps); on these PVM hosts it must refuse as the vm runtime does.
        String qemu = line(text, "runtime vm:qemu");
        if (text.lines().anyMatch(l -> l.matches("(ok|MISS)\\s+kvm\\s{2,}.*") && l.contains("KVM is emulated"))) {
            assertTrue(qemu.startsWith("MISS") && qemu.contains("KVM is emulated") && qemu.contains("scripts/kvm-rig"), qemu);
        } else {
            assertTrue(qemu.startsWith("ok"), qemu);
        }
        // Neither is packaged in Debian 12: listed as missing, with where to get it.
        for (String monitor : List.of("firecracker", "cloud-hypervisor")) {
            String l = line(text, "runtime vm:" + monitor);
            assertTrue(l.startsWith("MISS"), l);
            if (io.isobench.runtime.Programs.find(monitor) == null) {
                assertTrue(l.contains(monitor + " is not installed (not packaged in Debian 12"), l);
            }
        }
    }

    private static String line(String text, String name) {
        return text.lines().filter(l -> l.contains(name + " ")).findFirst()
                .orElseThrow(() -> new AssertionError("doctor does not list " + name + ":\n" + text));
    }

    @Test
    void aRuncTrialRunsTheImagesWorkloadsWithTheHarnesssAccounting(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("out");
        var r = RunCommandTest.cli("run", "--runtimes", "container,container:runc", "--workloads", "startup.noop,io.seq-write,net.tcp-rr",
                "--quick", "--trials", "2", "--warmups", "0", "--seed", "5", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        List<Trial> trials = ResultsJson.readTrials(out.resolve("trials.jsonl"));
        assertEquals(12, trials.size());
        RunContainerTest.assertOkWithCpuTime(trials);
        for (Trial t : trials.stream().filter(t -> t.runtime().equals("container:runc")).toList()) {
            List<String> phases = t.timeline().phases().stream().map(Phase::name).filter(n -> !n.equals("ready")).toList();
            assertEquals(List.of("launcher", "cgroup", "exec", "exit"), phases, "the phases seen from outside");
            if (t.workload().equals("io.seq-write")) {
                assertTrue(t.resources().ioWriteBytes() > 0, "runc's writes to /scratch are the trial's: " + t);
                assertTrue(t.timeline().readyMs() != null, "the workload's ready line is seen: " + t);
            }
            if (t.workload().equals("net.tcp-rr")) {
                // runc's link: a veth from a namespace prepared before it starts (NamespaceVeth).
                assertTrue(t.metrics().stream().anyMatch(m -> m.name().equals("link-veth") && m.value() == 1)
                        && t.metrics().stream().anyMatch(m -> m.name().equals("rate") && m.value() > 0), "runc's net trial: " + t);
            }
        }
        String md = Files.readString(out.resolve("report.md"));
        assertTrue(md.contains("| container | container:runc |"), "the variant is a column of its own:\n" + md);
        assertTrue(md.contains("container vs container:runc"), "isobench's container against runc:\n" + md);
    }
}
