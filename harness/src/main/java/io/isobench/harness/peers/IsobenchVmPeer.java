package io.isobench.harness.peers;

import io.isobench.runtime.vm.acpi.AcpiConfig;
import io.isobench.runtime.vm.acpi.AcpiTables;
import io.isobench.runtime.vm.boot.GuestBoot;
import io.isobench.runtime.vm.boot.BootFile;
import io.isobench.runtime.vm.boot.KernelImage;
import io.isobench.runtime.vm.boot.RamLayout;
import io.isobench.runtime.vm.devices.marker.MarkerCode;
import io.isobench.runtime.vm.vstate.LinuxBoot;
import io.isobench.runtime.vm.vstate.StopReason;
import io.isobench.runtime.vm.vstate.VirtualMachine;
import io.isobench.runtime.vm.vstate.VmConfig;
import io.isobench.runtime.vm.vstate.VmResult;

import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeoutException;

/** isobench's own monitor, in this JVM: create the VM, load the guest, run until init's marker, stop. */
final class IsobenchVmPeer extends VmBootPeer {
    private final byte[] kernel;
    private final byte[] initrd;
    private final String cmdline;
    private final int vcpus;
    private final long memoryBytes;
    private final Map<String, Long> exits = new TreeMap<>();
    private int boots;

    IsobenchVmPeer(byte[] kernel, byte[] initrd, String cmdline, int vcpus, long memoryBytes) {
        this.kernel = kernel;
        this.initrd = initrd;
        this.cmdline = cmdline;
        this.vcpus = vcpus;
        this.memoryBytes = memoryBytes;
    }

    @Override
    public String name() {
        return "isobench vm";
    }

    @Override
    public String unavailableReason() {
        return null;
    }

    @Override
    double bootOnceMs() throws Exception {
        long t0 = System.nanoTime();
        RamLayout ram = RamLayout.of(memoryBytes);
        VirtualMachine[] self = new VirtualMachine[1];
        try (VirtualMachine vm = VirtualMachine.create(new VmConfig(vcpus, ram, OutputStream.nullOutputStream(),
                OutputStream.nullOutputStream(), m -> {
                    if (m.code() == MarkerCode.INIT_REACHED) {
                        self[0].requestStop(StopReason.STOPPED, "init reached");
                    }
                }))) {
            self[0] = vm;
            LinuxBoot.prepare(vm, new GuestBoot.Request(KernelImage.parse(kernel), BootFile.of(initrd), cmdline,
                    AcpiTables.build(new AcpiConfig(vcpus, List.of(), true, true))));
            VmResult r = vm.run(Duration.ofMillis(BOOT_TIMEOUT_MS));
            if (r.markers().isEmpty() || r.markers().get(0).code() != MarkerCode.INIT_REACHED) {
                throw new TimeoutException("no init marker: " + r.reason() + " (" + r.detail() + ")");
            }
            synchronized (exits) {
                boots++;
                r.exits().forEach((k, v) -> exits.merge(k, v, Long::sum));
            }
            return (r.markers().get(0).nanoTime() - t0) / 1e6;
        }
    }

    /** Mean VM exits per boot by reason, up to init. */
    String exitSummary() {
        synchronized (exits) {
            if (boots == 0) {
                return "isobench vm: no boot finished";
            }
            StringBuilder s = new StringBuilder("isobench vm exits per boot up to init (mean of " + boots + "):");
            exits.forEach((k, v) -> s.append(' ').append(k).append('=').append(v / boots));
            return s.toString();
        }
    }
}
