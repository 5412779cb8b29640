package io.isobench.harness.probe;

import io.isobench.harness.run.RuntimeRegistry;
import io.isobench.model.Capability;
import io.isobench.model.HostInfo;
import io.isobench.runtime.Availability;
import io.isobench.runtime.Runtime;
import oshi.SystemInfo;
import oshi.hardware.CentralProcessor;

import java.util.ArrayList;
import java.util.List;

/** The host as OSHI and isobench's probes see it: the doctor table and every results file's host section. */
public final class HostProbe {
    private final KvmProbe kvm;
    private final List<Probe> probes;
    private final RuntimeRegistry runtimes;

    public HostProbe(KvmProbe kvm, List<Probe> probes, RuntimeRegistry runtimes) {
        this.kvm = kvm;
        this.probes = List.copyOf(probes);
        this.runtimes = runtimes;
    }

    /** Every probe isobench has, in doctor order. The VM runtime plugs in its KVM kind and guest kernel probes here. */
    public static HostProbe standard(RuntimeRegistry runtimes) {
        KvmProbe kvm = new KvmProbe(runtimes.kvmCalibration());
        return new HostProbe(kvm, List.of(new RootProbe(), new CgroupProbe(), new NamespaceProbe(), kvm, new GuestKernelProbe(), new ImageProbe()),
                runtimes);
    }

    /** The KVM probe, whose calibration is the registry's. */
    KvmProbe kvmProbe() {
        return kvm;
    }

    public HostInfo probe() {
        SystemInfo si = new SystemInfo();
        CentralProcessor cpu = si.getHardware().getProcessor();
        List<Capability> caps = new ArrayList<>();
        for (Probe p : probes) {
            try {
                caps.addAll(p.probe());
            } catch (RuntimeException e) {
                caps.add(new Capability(p.getClass().getSimpleName(), false, "error", String.valueOf(e.getMessage())));
            }
        }
        for (String name : runtimes.names()) {
            Runtime r = runtimes.create(name);
            Availability a = r.availability();
            caps.add(new Capability("runtime " + name, a.available(), a.available() ? "available" : "unavailable",
                    a.available() ? "isobench run can use it" : a.reason()));
        }
        String os = si.getOperatingSystem().toString();
        return new HostInfo(si.getOperatingSystem().getNetworkParams().getHostName(),
                cpu.getProcessorIdentifier().getName().strip(), cpu.getPhysicalProcessorCount(),
                cpu.getLogicalProcessorCount(), si.getHardware().getMemory().getTotal(), os,
                System.getProperty("os.version"), kvm.kind(), CgroupProbe.mode(), RootProbe.isRoot(), caps);
    }
}
