package io.isobench.runtime.vm.process;

import io.isobench.runtime.container.BusyboxRootfs;
import io.isobench.runtime.vm.guest.GuestPayload;
import io.isobench.runtime.vm.vstate.KvmRigTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link VmDiskChecks} in one rig boot: what the guest writes to its scratch disk is in the
 * disk file afterwards, and what it flushed survives the monitor being killed.
 */
class VmDiskRigTest {
    @Test
    @Tag("rig-linux")
    void theGuestsWritesLandInTheDiskFileAndFlushedDataSurvivesAKill() throws Exception {
        // Prepared on the host (kernel fetched, initramfs packed): the rig sees both read-only.
        Path dir = Path.of("target", "vm-disk-rig").toAbsolutePath();
        Path rootfs = dir.resolve("rootfs");
        if (!Files.exists(rootfs.resolve("bin/busybox"))) {
            BusyboxRootfs.create(Files.createDirectories(rootfs));
        }
        GuestPayload.Prepared clean = GuestPayload.prepare(GuestPayload.Request.of(rootfs, null,
                List.of("/bin/busybox", "sh", "-c", VmDiskChecks.CLEAN_SCRIPT), true), dir.resolve("initramfs"));
        GuestPayload.Prepared kill = GuestPayload.prepare(GuestPayload.Request.of(rootfs, null,
                List.of("/bin/busybox", "sh", "-c", VmDiskChecks.KILL_SCRIPT), true), dir.resolve("initramfs"));
        assertEquals(clean.initramfs(), kill.initramfs(), "one initramfs, two command lines");

        KvmRigTest.Result r = KvmRigTest.inRig(List.of(VmDiskChecks.class.getName(), clean.kernel().image().toString(),
                clean.initramfs().toString(), clean.cmdline(), kill.cmdline()), 900);
        System.out.print(r.output());
        assertEquals(0, r.exitCode(), "vm disk checks in the rig:\n" + r.output());
        for (String check : List.of("disk-file", "flushed-survives-kill")) {
            assertTrue(r.output().contains("ok " + check + " "), check + " missing:\n" + r.output());
        }
    }
}
