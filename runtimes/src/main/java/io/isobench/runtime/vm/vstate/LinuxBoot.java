package io.isobench.runtime.vm.vstate;

import io.isobench.runtime.vm.boot.GuestBoot;
import io.isobench.runtime.vm.boot.KernelFormatException;

import java.io.IOException;

/**
 * Makes a created VM ready to boot Linux in one call: the boot code lays out kernel,
 * initramfs, command line, ACPI tables, zero page, GDT and page tables in guest memory
 * ({@link GuestBoot#prepare}), then every vCPU gets its CPUID, MSRs and LAPIC wiring and
 * vCPU 0 the 64-bit entry state ({@link BootVcpus}). After this, {@link VirtualMachine#run}.
 */
public final class LinuxBoot {
    private LinuxBoot() {
    }

    /**
     * @throws KernelFormatException when the kernel, initramfs or command line do not fit
     *                               this guest (one sentence)
     * @throws IOException           when the initramfs file cannot be read
     */
    public static GuestBoot.Placed prepare(VirtualMachine vm, GuestBoot.Request request)
            throws KernelFormatException, IOException {
        GuestBoot.Placed placed = GuestBoot.prepare(vm.memory(), vm.memory().layout(), request);
        BootVcpus.apply(vm, placed.state());
        return placed;
    }
}
