/**
 * What the VM variants ({@code vm:qemu}, {@code vm:firecracker}, {@code vm:cloud-hypervisor})
 * share: the guest isobench's {@code vm} runtime would boot, described once
 * ({@link io.isobench.runtime.vmvariant.VariantGuest}), and the availability preamble (the
 * monitor's binary on PATH, hardware KVM by the same calibration as the {@code vm} runtime:
 * {@link io.isobench.runtime.vmvariant.MonitorBinary}). Each monitor's package only turns that
 * guest into its own command line or configuration and runs it.
 */
package io.isobench.runtime.vmvariant;
