/**
 * The guest side of the VM runtime: what the monitor boots and what runs inside it.
 *
 * <ul>
 *   <li>{@link io.isobench.runtime.vm.guest.GuestPayload}: the entry point — kernel, initramfs
 *       and command line for one workload.</li>
 *   <li>{@link io.isobench.runtime.vm.guest.GuestKernel}: the kernel to boot (Debian's cloud
 *       kernel fetched into the cache by {@link io.isobench.runtime.vm.guest.DebianCloudKernel},
 *       or {@code --kernel FILE}) with its release and modules.</li>
 *   <li>{@link io.isobench.runtime.vm.guest.ModuleSet}: the virtio modules guest-init loads,
 *       in dependency order, computed from the kernel's own dependency data.</li>
 *   <li>{@link io.isobench.runtime.vm.guest.Initramfs}: root directory + guest-init + modules
 *       packed as a newc cpio, cached by content.</li>
 *   <li>{@link io.isobench.runtime.vm.guest.KernelCommandLine}: console, reboot behaviour and
 *       the workload's argv for guest-init.</li>
 *   <li>{@link io.isobench.runtime.vm.guest.ConsoleFrames}: decodes the workload's stdout and
 *       stderr that guest-init frames onto the second serial port.</li>
 * </ul>
 *
 * guest-init itself is C: {@code runtimes/src/main/c/guest-init/}.
 */
package io.isobench.runtime.vm.guest;
