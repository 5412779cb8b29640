package io.isobench.harness.cli;

import io.isobench.harness.Main;
import io.isobench.runtime.container.BusyboxRootfs;
import io.isobench.runtime.vm.vstate.KvmRigTest;
import io.isobench.runtime.vm.guest.GuestKernel;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code isobench vm run} end to end. Under hardware KVM, which only the nested rig has here:
 * {@link VmRunChecks} in one rig boot. On this host (emulated KVM): the refusal.
 */
class VmRunRigTest {
    /** Where the rig can see the test's busybox root: under the module's target directory. */
    static Path rootfs() throws Exception {
        Path dir = Path.of("target", "vm-run-rootfs").toAbsolutePath();
        if (!Files.exists(dir.resolve("bin/busybox"))) {
            BusyboxRootfs.create(Files.createDirectories(dir));
        }
        return dir;
    }

    @Test
    @Tag("rig-linux")
    void underHardwareKvmTheGuestRunsTheCommand() throws Exception {
        // Fetch the kernel on the host: the rig sees the host's cache, read-only.
        String release = GuestKernel.resolve(null).release();
        Path rootfs = rootfs();
        KvmRigTest.Result r = KvmRigTest.inRig(List.of(VmRunChecks.class.getName(), rootfs.toString(), release), 1500);
        System.out.println(r.output());
        assertEquals(0, r.exitCode(), "vm run checks in the rig:\n" + r.output());
        String out = r.output();
        for (String check : List.of("guest-facts", "panic", "hang", "no-leftover-monitor")) {
            assertTrue(out.contains("ok " + check + " "), check + " missing:\n" + out);
        }
    }

    record Cli(int code, String err, long millis) {
    }

    static Cli inProcess(String... args) {
        PrintStream saved = System.err;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setErr(new PrintStream(buf, true, StandardCharsets.UTF_8));
        long start = System.nanoTime();
        int code;
        try {
            code = Main.run(args);
        } finally {
            System.setErr(saved);
        }
        return new Cli(code, buf.toString(StandardCharsets.UTF_8), (System.nanoTime() - start) / 1_000_000);
    }

    @Test
    void onEmulatedKvmItRefusesAtOnceWithOneSentence() throws Exception {
        Cli r = inProcess("vm", "run", "--rootfs", rootfs().toString(), "--", "/bin/busybox", "true");
        assertEquals(OneCommand.RUNTIME_FAILED, r.code(), r.err());
        assertTrue(r.err().contains("emulated"), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        System.out.println("vm run refused emulated KVM in " + r.millis() + " ms");
        // "At once" = it refuses from its calibration instead of trying to boot (which takes
        // minutes here before a timeout). Alone it takes 1.7-2.3 s on the development VM; the bound
        // leaves room for CI, where two rigs keep both host cores busy beside this test.
        assertTrue(r.millis() < 10_000, "took " + r.millis() + " ms");
    }

    @Test
    void aFileThatIsNotAKernelIsOneSentence(@TempDir Path tmp) throws Exception {
        Path notKernel = Files.writeString(tmp.resolve("vmlinuz"), "not a kernel at all\n".repeat(100));
        Cli r = inProcess("vm", "run", "--allow-emulated-kvm", "--kernel", notKernel.toString(), "--rootfs",
                rootfs().toString(), "--", "/bin/busybox", "true");
        assertEquals(OneCommand.RUNTIME_FAILED, r.code(), r.err());
        assertTrue(r.err().contains("not") && r.err().contains("kernel"), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
    }

    @Test
    void badOptionsExitTwo() throws Exception {
        assertEquals(2, inProcess("vm", "run", "--cpus", "9", "--rootfs", rootfs().toString(), "--", "true").code());
        assertEquals(2, inProcess("vm", "run", "--memory", "12Q", "--rootfs", rootfs().toString(), "--", "true").code());
        assertEquals(2, inProcess("vm", "run", "--rootfs", "/nonexistent", "--", "true").code());
    }
}
