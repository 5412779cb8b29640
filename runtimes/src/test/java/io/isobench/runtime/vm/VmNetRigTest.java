package io.isobench.runtime.vm;

import io.isobench.runtime.container.BusyboxRootfs;
import io.isobench.runtime.net.NetAttachment;
import io.isobench.runtime.vm.guest.GuestDevices;
import io.isobench.runtime.vm.guest.GuestPayload;
import io.isobench.runtime.vm.vstate.KvmRigTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link VmNetChecks} in one rig boot: a guest booted through the VM runtime with a network
 * link reaches the far end's server over virtio-net and a tap, bytes intact, and reaches
 * nothing else; once with the checksum/TSO offloads, once without.
 */
class VmNetRigTest {
    @Test
    @Tag("rig-linux")
    void theGuestReachesTheFarEndOverVirtioNetAndNothingElse() throws Exception {
        Path dir = Path.of("target", "vm-net-rig").toAbsolutePath();
        Path rootfs = dir.resolve("rootfs");
        if (!Files.exists(rootfs.resolve("bin/busybox"))) {
            BusyboxRootfs.create(Files.createDirectories(rootfs));
        }
        // The request VmRuntime makes in the rig, so kernel and initramfs (with virtio_net) are
        // fetched and packed here, into the shared cache the rig sees read-only.
        GuestPayload.prepare(new GuestPayload.Request(rootfs, null, VmNetChecks.COMMAND, false, null,
                Map.of(NetAttachment.PEER_ENV, VmNetChecks.FAR), GuestDevices.VIRTIO_MMIO, List.of(),
                new GuestPayload.GuestNetwork(VmNetChecks.GUEST, 30)));

        KvmRigTest.Result r = KvmRigTest.inRig(List.of(VmNetChecks.class.getName(), rootfs.toString()), 600);
        System.out.print(r.output());
        assertEquals(0, r.exitCode(), "vm net checks in the rig:\n" + r.output());
        for (String offloads : List.of("on", "off")) {
            for (String check : List.of("guest-address", "link-facts", "no-default-route", "tcp-exchange", "tcp-download",
                    "no-route-elsewhere", "counters", "frame-sizes", "tap-removed")) {
                String name = check + "[offloads=" + offloads + "]";
                assertTrue(r.output().contains("ok " + name + " "), name + " missing:\n" + r.output());
            }
        }
        assertTrue(r.output().contains("ok host-namespace-untouched "), r.output());
    }
}
