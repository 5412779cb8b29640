package io.isobench.harness.probe;

import io.isobench.harness.run.RuntimeRegistry;
import io.isobench.model.Capability;
import io.isobench.runtime.vm.calibration.KvmKind;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KvmProbeTest {
    /** Hardware KVM needs vmx or svm in the CPU flags; PVM (these development hosts) has neither. */
    @Test
    void doctorsKvmLineMatchesTheCpuFlagsAndSaysWhatItMeans() throws Exception {
        boolean virtualization = Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                .filter(l -> l.startsWith("flags"))
                .anyMatch(l -> List.of(l.split("\\s+")).contains("vmx") || List.of(l.split("\\s+")).contains("svm"));
        KvmProbe probe = new KvmProbe(new RuntimeRegistry().kvmCalibration());
        List<Capability> caps = probe.probe();
        assertEquals(1, caps.size());
        Capability kvm = caps.get(0);
        assertEquals("kvm", kvm.name());
        assertEquals(virtualization ? "hardware" : "emulated", kvm.value(), kvm.meaning());
        assertEquals(virtualization, kvm.ok());
        assertTrue(kvm.meaning().contains("loop iterations/s"), kvm.meaning());
        assertEquals(kvm.value(), probe.kind(), "host.kvmKind and the doctor line agree");
    }

    /** One command calibrates once: doctor's kvm line and the VM runtime's availability read the same measurement. */
    @Test
    void probeAndVmRuntimeShareOneCalibration() {
        RuntimeRegistry registry = RuntimeRegistry.standard();
        KvmProbe probe = HostProbe.standard(registry).kvmProbe();
        assertSame(probe.calibration(), registry.kvmCalibration().get());
        var vm = registry.create("vm").availability();
        assertEquals(probe.calibration().kind() == KvmKind.HARDWARE, vm.available());
        if (!vm.available()) {
            // The calibration's sentence, and on an emulated KVM what to do instead (the rig command).
            assertEquals(probe.calibration().detail() + (probe.calibration().kind() == KvmKind.EMULATED
                    ? io.isobench.runtime.vm.VmRuntime.RIG_HINT : ""), vm.reason());
        }
    }
}
