package io.isobench.runtime.vm.process;

import io.isobench.runtime.net.NetAttachment;
import io.isobench.runtime.vm.guest.GuestKernel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The monitor with a network link whose far end does not exist: the VM is built (KVM here is
 * emulated, which is enough to create one; no vCPU runs), the tap cannot be created, and the
 * monitor ends with the VM-failed exit code and one sentence in its report, not a stack trace.
 * (The link working end to end is VmNetRigTest, in the rig.)
 */
class VmmMainNetworkTest {
    @Test
    void aMissingFarEndIsOneSentenceInTheReport(@TempDir Path dir) throws Exception {
        Path kernel = GuestKernel.resolve(null).image();
        Path initrd = Files.write(dir.resolve("initrd"), new byte[4096]);
        Path missing = Path.of("/run/netns/isobench-missing-" + ProcessHandle.current().pid());
        VmmArgs args = new VmmArgs(kernel, initrd, "console=ttyS0", 1, 256L << 20, null, false,
                System.nanoTime() + 60_000_000_000L, dir.resolve("report.json"), dir.resolve("console.log"),
                new NetAttachment(missing, "198.18.0.2", "198.18.0.1", 30, "ibtest"), true);

        assertEquals(VmmMain.VM_FAILED, VmmMain.run(args.toArgs()));

        VmmReport report = VmmReport.read(dir.resolve("report.json"));
        assertEquals("not-started", report.stopReason());
        assertTrue(report.failure().startsWith("cannot open the far end's network namespace " + missing + ": "),
                report.failure());
        assertTrue(report.failure().endsWith("(errno 2)"), report.failure());
    }
}
