package io.isobench.harness.probe;

import io.isobench.model.Capability;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KvmProbeTest {
    /** Hardware KVM needs vmx or svm in the CPU flags; PVM (these development hosts) has neither. */
    @Test
    void doctorsKvmLineMatchesTheCpuFlagsAndSaysWhatItMeans() throws Exception {
        boolean virtualization = Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                .filter(l -> l.startsWith("flags"))
                .anyMatch(l -> List.of(l.split("\\s+")).contains("vmx") || List.of(l.split("\\s+")).contains("svm"));
        KvmProbe probe = new KvmProbe();
        List<Capability> caps = probe.probe();
        assertEquals(1, caps.size());
        Capability kvm = caps.get(0);
        assertEquals("kvm", kvm.name());
        assertEquals(virtualization ? "hardware" : "emulated", kvm.value(), kvm.meaning());
        assertEquals(virtualization, kvm.ok());
        assertTrue(kvm.meaning().contains("loop iterations/s"), kvm.meaning());
        assertEquals(kvm.value(), probe.kind(), "host.kvmKind and the doctor line agree");
    }
}
