package io.isobench.runtime.vm.vstate;

import io.isobench.runtime.vm.guest.GuestPayload;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Debian cloud kernel boots under the monitor in the nested rig, to guest-init, which
 * runs a busybox command and reports its exit status. Kernel and initramfs are prepared on
 * the host (fetching the kernel into the cache on first use); the rig only boots them.
 */
class LinuxBootRigTest {
    @Test
    @Tag("rig-linux")
    void cloudKernelBootsToGuestInitWithOneAndTwoVcpusAndTheWorkloadsExitStatusComesBack(@TempDir Path dir) throws Exception {
        Path rootfs = Files.createDirectories(dir.resolve("rootfs/bin"));
        Files.copy(Path.of("/bin/busybox"), rootfs.resolve("busybox"));
        Files.setPosixFilePermissions(rootfs.resolve("busybox"), PosixFilePermissions.fromString("rwxr-xr-x"));
        GuestPayload.Prepared p = GuestPayload.prepare(GuestPayload.Request.of(dir.resolve("rootfs"), null,
                List.of("/bin/busybox", "sh", "-c", "uname -r; nproc; grep MemTotal /proc/meminfo; exit 3"), false),
                dir.resolve("initramfs-cache"));
        KvmRigTest.Result r = KvmRigTest.inRig(List.of(LinuxBootChecks.class.getName(), p.kernel().image().toString(),
                p.initramfs().toString(), p.cmdline(), p.kernel().release(), "1,2", "2"), 900);
        System.out.print(r.output());  // the figures (boot times, exit counts) for the build log
        assertEquals(0, r.exitCode(), "linux boot in the rig:\n" + r.output());
        assertTrue(r.output().contains("ok linux-boot vcpus=1 "), r.output());
        assertTrue(r.output().contains("ok linux-boot vcpus=2 "), r.output());
    }
}
