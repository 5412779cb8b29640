package io.isobench.runtime.container;

import io.isobench.runtime.Execution;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * Seccomp bypass probes, as bubblewrap's test-seccomp and Docker's profile tests try them:
 * each denied call through the native ABI, the i386 entry ({@code int 0x80}) and x32
 * ({@code __X32_SYSCALL_BIT}); io_uring_setup; TIOCSTI and TIOCLINUX, also with high bits set
 * in the ioctl number. Capabilities stay on ({@code caps=off}) so that only the filter stands
 * in the way; the same probes without the filter show the calls really reach the kernel.
 */
class ContainerSeccompProbeTest {
    /** EPERM, the filter's answer for a denied call. */
    static final String DENIED = "errno 1";

    @TempDir
    static Path dir;
    static Path rootfs;

    @BeforeAll
    static void rootfs() throws Exception {
        rootfs = BusyboxRootfs.create(Files.createDirectory(dir.resolve("rootfs")));
        Probe.installInto(rootfs);
    }

    private static Map<String, String> probe(String mode, String seccomp) throws Exception {
        Execution e = Containers.run(rootfs, Map.of("caps", "off", "seccomp", seccomp), Probe.IN_CONTAINER, mode);
        assertEquals(0, e.exitCode(), e.stderr());
        return Probe.results(e.stdout());
    }

    @Test
    void deniedCallsFailThroughEveryAbi() throws Exception {
        Map<String, String> filtered = probe("syscalls", "on");
        for (String call : new String[] {"unshare", "io_uring_setup"}) {
            for (String abi : new String[] {"native", "i386", "x32"}) {
                assertEquals(DENIED, filtered.get(call + "/" + abi), call + "/" + abi + " in " + filtered);
            }
        }
        // Without the filter the native and i386 calls succeed; x32 is ENOSYS on kernels built
        // without CONFIG_X86_X32_ABI (Debian's): either way not the filter's EPERM.
        Map<String, String> open = probe("syscalls", "off");
        assertEquals("ok", open.get("unshare/native"), open.toString());
        assertEquals("ok", open.get("unshare/i386"), open.toString());
        assertEquals("ok", open.get("io_uring_setup/native"), open.toString());
        assertNotEquals(DENIED, open.get("unshare/x32"), open.toString());
        assertNotEquals(DENIED, open.get("io_uring_setup/x32"), open.toString());
    }

    @Test
    void terminalInjectionIoctlsAreRefusedEvenWithHighBitsSet() throws Exception {
        Map<String, String> filtered = probe("ioctls", "on");
        for (String ioctl : new String[] {"TIOCSTI", "TIOCSTI/high", "TIOCLINUX", "TIOCLINUX/high"}) {
            assertEquals(DENIED, filtered.get(ioctl), ioctl + " in " + filtered);
        }
        // Without the filter TIOCSTI works (the kernel ignores the high bits) and TIOCLINUX
        // on a pty is ENOTTY: the EPERM above is the filter's.
        Map<String, String> open = probe("ioctls", "off");
        assertEquals("ok", open.get("TIOCSTI"), open.toString());
        assertEquals("ok", open.get("TIOCSTI/high"), open.toString());
        assertNotEquals(DENIED, open.get("TIOCLINUX"), open.toString());
        assertNotEquals(DENIED, open.get("TIOCLINUX/high"), open.toString());
    }
}
