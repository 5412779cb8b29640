package io.isobench.runtime.vm.vstate;

import org.junit.jupiter.api.Test;

/**
 * The VM lifecycle with real KVM on this host. Tiny guests need no fast ring 0, so these
 * run even on the development machines' PVM; the same checks run under hardware KVM in the
 * nested rig (KvmRigTest).
 */
class VirtualMachineTest {
    @Test
    void consoleMarkersAndResetWithOneVcpu() throws Exception {
        VmChecks.consoleMarkersAndReset(1);
    }

    @Test
    void consoleMarkersAndResetWithFourVcpus() throws Exception {
        VmChecks.consoleMarkersAndReset(4);
    }

    @Test
    void stringIo() throws Exception {
        VmChecks.stringIo();
    }

    @Test
    void mmio() throws Exception {
        VmChecks.mmio();
    }

    @Test
    void tripleFault() throws Exception {
        VmChecks.tripleFault();
    }

    @Test
    void timeoutStopsAHaltedVcpu() throws Exception {
        VmChecks.timeoutStopsAHaltedVcpu();
    }

    @Test
    void stopFromAnotherThreadKicksASpinningVcpu() throws Exception {
        VmChecks.stopFromAnotherThreadKicksASpinningVcpu();
    }

    @Test
    void nothingLeaks() throws Exception {
        VmChecks.nothingLeaks();
    }

    @Test
    void calibrationMatchesCpuFlagsAndIsQuick() throws Exception {
        VmChecks.calibrationMatchesCpuFlags();
    }
}
