package io.isobench.harness.workload;

import io.isobench.runtime.vm.guest.KernelCommandLine;
import io.isobench.workloads.Length;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The VM passes a workload's command on the guest kernel's command line (base64, 2 KiB in
 * all), so an app workload with a long inline script runs in bare and container but fails in
 * the VM: app.sqlite's first version did, and only a rig run showed it. Checked here on the
 * host, with everything the VM adds to the line for a root-disk workload (scratch and root
 * disks, the harness's environment, a network link and its peer address).
 */
class AppSuiteGuestCommandLineTest {
    @Test
    void everyAppCommandFitsTheGuestKernelCommandLine() {
        List<FileWorkload> app = WorkloadFile.app();
        assertTrue(app.size() >= 7, "app suite: " + app);
        for (FileWorkload w : app) {
            Map<String, String> env = new HashMap<>(Map.of("PATH", "/usr/local/bin:/usr/bin:/bin", "HOME", "/root", "LANG", "C",
                    "ISOBENCH_NET_PEER", "10.200.255.254"));
            env.putAll(w.env());
            for (Length length : Length.values()) {
                KernelCommandLine line = KernelCommandLine.command(w.workload().command(length)).env(env)
                        .scratch("/dev/vda").root("/dev/vdb").network("10.200.255.253", 30);
                String built = assertDoesNotThrow(line::build, w.id() + " " + length);
                assertTrue(built.length() < KernelCommandLine.COMMAND_LINE_SIZE);
            }
        }
    }
}
