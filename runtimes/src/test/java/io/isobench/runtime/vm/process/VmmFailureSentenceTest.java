package io.isobench.runtime.vm.process;

import io.isobench.runtime.vm.guest.ConsoleFrames;
import io.isobench.runtime.vm.kvm.VcpuFd;
import io.isobench.runtime.vm.vstate.StopReason;
import io.isobench.runtime.vm.vstate.VcpuSnapshot;
import io.isobench.runtime.vm.vstate.VmResult;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the monitor tells the user when a hostile guest ends its VM: one line with the reason,
 * the console's last line and each vCPU's state (HostileGuestChecks drives the real VMs).
 */
class VmmFailureSentenceTest {
    private static final VmmArgs ARGS = VmmArgs.parse(List.of("--kernel", "/k", "--initrd", "/i", "--cmdline",
            "console=ttyS0", "--memory", "268435456", "--deadline-ns", "1", "--report", "/r", "--console", "/c"));

    private static VmResult stopped(StopReason reason, String detail, Map<String, Long> serial) {
        return new VmResult(reason, detail, Map.of("shutdown", 1L), List.of(), 0, 1, 1 << 28, 1 << 20,
                List.of(new VcpuSnapshot(0, 0xFFF0, 0x2, VcpuFd.MP_STATE_RUNNABLE, "shutdown")), serial);
    }

    @Test
    void aTripleFaultIsOneSentenceWithWhereTheVcpuWas() {
        VmmReport r = VmmMain.report(ARGS, new ArrayList<>(), stopped(StopReason.TRIPLE_FAULT,
                "vCPU 0 triple-faulted (KVM_EXIT_SHUTDOWN)", Map.of()), 0, List.of("Booting the kernel."), null,
                Map.of(), Map.of(), Map.of());
        assertEquals("the VM stopped (triple-fault: vCPU 0 triple-faulted (KVM_EXIT_SHUTDOWN)) before the workload "
                + "ended; last console line: Booting the kernel.; vCPU 0 running at 0xfff0 (interrupts off, last exit "
                + "shutdown)", r.failure());
        assertEquals("triple-fault", r.stopReason());
    }

    @Test
    void aHostThatStoppedReadingIsSaidWithoutTouchingTheBlockedChannel() {
        // A channel whose decoder would report incomplete output if it were finished: it must not be.
        WorkloadChannel untouched = new WorkloadChannel(new ConsoleFrames(new ByteArrayOutputStream(),
                new ByteArrayOutputStream()));
        String problem = VmmMain.outputProblem(stopped(StopReason.RESET, "reset",
                Map.of("COM2.undelivered", 65536L, "COM2.dropped", 12288L)), untouched);
        assertEquals("the host stopped reading the workload's output: 65536 bytes were never delivered and 12288 "
                + "the guest wrote to the full transmitter were dropped", problem);
        assertFalse(problem.contains("\n"));
        assertTrue(untouched.problem() == null, "the channel was finished: " + untouched.problem());
    }
}
