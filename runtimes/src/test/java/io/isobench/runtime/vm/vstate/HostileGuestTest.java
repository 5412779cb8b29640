package io.isobench.runtime.vm.vstate;

import io.isobench.runtime.vm.VmRuntime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The hostile guests of {@link HostileGuestChecks} on this host's KVM (even PVM runs them, with
 * smaller sizes: each exit is slower there); KvmRigTest runs them under hardware KVM.
 */
class HostileGuestTest {
    /** Each byte is one exit, and exits are slow under PVM (about 60 000/s): a small flood here. */
    private static final int LOCAL_FLOOD_KIB = 256;
    /** In a JVM of its own with the monitor's options: the RSS measured is a monitor's, not surefire's. */
    @Test
    void aSerialFloodEndsNormallyWithinBoundedMemory() throws Exception {
        int kib = HostileGuestChecks.floodKiB(LOCAL_FLOOD_KIB);
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(io.isobench.runtime.vm.process.MonitorJvm.FLAGS);
        command.addAll(List.of("-D" + HostileGuestChecks.FLOOD_KIB + "=" + kib,
                "-cp", System.getProperty("java.class.path"), VmChecks.class.getName(), "hostile-serial-flood"));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(10 + kib / 1024, TimeUnit.MINUTES), "the flood did not end: " + out);
        System.out.print(out);
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.startsWith("ok hostile-serial-flood "), out);
    }

    /** Without the transmit buffer the vCPU blocks in the pipe and the monitor hangs: fail, do not hang. */
    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aHostThatStopsReadingDoesNotStopTheVcpu() throws Exception {
        System.out.println(HostileGuestChecks.hostStopsReading());
    }

    @Test
    void aTripleFaultIsOneSentenceWithTheVcpusState() throws Exception {
        System.out.println(HostileGuestChecks.tripleFault());
    }

    @Test
    void anUnclaimedAccessStormIsStopped() throws Exception {
        System.out.println(HostileGuestChecks.unclaimedStorm(VmChecks.RIG_STORM_LIMIT));
    }

    @Test
    void aGuestThatNeverSignalsReadyTimesOutWithWhereItSpins() throws Exception {
        System.out.println(HostileGuestChecks.neverReady());
    }
}
