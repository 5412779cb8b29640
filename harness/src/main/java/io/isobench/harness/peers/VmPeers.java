package io.isobench.harness.peers;

import io.isobench.runtime.RuntimeFailure;
import io.isobench.runtime.vm.guest.GuestPayload;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The VM peers: isobench's monitor and QEMU's microvm with KVM, booting the same Debian cloud
 * kernel, initramfs (guest-init on an empty root) and command line with one vCPU and
 * 512 MiB, each timed from spawning its process to init. Firecracker and Cloud Hypervisor are listed when
 * installed, but booting them needs their own configuration, which isobench does not write.
 */
public final class VmPeers implements AutoCloseable {
    static final int VCPUS = 1;
    static final long MEMORY = 512L << 20;

    private final Path work;
    private final List<Peer> peers = new ArrayList<>();
    private final IsobenchVmPeer isobench;
    private final String kernelRelease;

    private VmPeers(Path work, IsobenchVmPeer isobench, String kernelRelease) {
        this.work = work;
        this.isobench = isobench;
        this.kernelRelease = kernelRelease;
    }

    public static VmPeers create() throws IOException, RuntimeFailure {
        Path work = Files.createTempDirectory("isobench-peers-vm-");
        try {
            Path rootfs = Files.createDirectory(work.resolve("rootfs"));
            GuestPayload.Prepared p = GuestPayload.prepare(GuestPayload.Request.of(rootfs, null, List.of("/init-only"), false),
                    work.resolve("initramfs"));
            IsobenchVmPeer isobench = new IsobenchVmPeer(p.kernel().image(), p.initramfs(), p.cmdline(), VCPUS, MEMORY, work);
            VmPeers v = new VmPeers(work, isobench, p.kernel().release());
            v.peers.add(isobench);
            v.peers.add(new QemuMicrovmPeer(p.kernel().image(), p.initramfs(), p.cmdline(), VCPUS, MEMORY, work));
            return v;
        } catch (IOException | RuntimeFailure | RuntimeException e) {
            ContainerPeers.delete(work);
            throw e;
        }
    }

    public List<Peer> peers() {
        return peers;
    }

    public List<String> notes() {
        List<String> notes = new ArrayList<>();
        notes.add("every monitor boots " + kernelRelease + " with the same initramfs and command line, " + VCPUS
                + " vCPU, " + (MEMORY >> 20) + " MiB; time from spawning the monitor's process (isobench's monitor JVM, qemu)"
                + " to guest-init's first marker");
        notes.add(isobench.phaseSummary());
        notes.add(isobench.exitSummary());
        for (Peer p : peers) {
            if (p instanceof VmBootPeer b && b.retried() > 0) {
                notes.add(p.name() + ": " + b.retried() + " boots hung before init and were retried");
            }
        }
        for (String tool : List.of("firecracker", "cloud-hypervisor")) {
            if (CommandPeer.find(tool) != null) {
                notes.add(tool + " is installed but not measured: it needs its own VM configuration");
            }
        }
        return notes;
    }

    @Override
    public void close() {
        peers.forEach(Peer::close);
        ContainerPeers.delete(work);
    }
}
