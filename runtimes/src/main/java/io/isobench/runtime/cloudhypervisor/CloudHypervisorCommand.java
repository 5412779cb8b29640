package io.isobench.runtime.cloudhypervisor;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The command line of one {@code vm:cloud-hypervisor} trial (pure: unit-tested): the guest
 * isobench's monitor boots, in Cloud Hypervisor's terms.
 *
 * <ul>
 *   <li>{@code --kernel}: the ELF vmlinux unpacked from isobench's bzImage
 *       ({@code vm.guest.ElfKernel}), booted through its PVH entry (Debian's kernel has
 *       {@code CONFIG_PVH=y}, checked before the trial); {@code --initramfs}, {@code --cmdline}
 *       the same as ours;</li>
 *   <li>{@code --cpus boot=N}, {@code --memory size=NM} with KSM merging off
 *       ({@code mergeable=off}, as ours) and private anonymous memory ({@code shared=off});</li>
 *   <li>{@code --disk}: the scratch disk, then the read-only root disk, virtio-blk with our
 *       monitor's serial numbers, buffered ({@code direct=off}: host page cache, flushes
 *       honoured);</li>
 *   <li>{@code --serial file=}: COM1 (its only serial port) into the console log;
 *       {@code --console off}: no virtio-console, which our guest does not have.</li>
 * </ul>
 */
public record CloudHypervisorCommand(Path binary, Path kernel, Path initrd, String cmdline, int vcpus, long memoryMib,
                                     Path scratchDisk, Path rootDisk, Path consoleLog) {
    public CloudHypervisorCommand {
        Objects.requireNonNull(binary);
        Objects.requireNonNull(kernel);
        Objects.requireNonNull(initrd);
        Objects.requireNonNull(cmdline);
        Objects.requireNonNull(consoleLog);
        if (vcpus < 1) {
            throw new IllegalArgumentException("vcpus must be at least 1");
        }
        if (memoryMib < 1) {
            throw new IllegalArgumentException("guest memory must be at least 1 MiB");
        }
    }

    public List<String> argv() {
        List<String> a = new ArrayList<>(List.of(binary.toString(),
                "--kernel", kernel.toString(), "--initramfs", initrd.toString(), "--cmdline", cmdline,
                "--cpus", "boot=" + vcpus, "--memory", "size=" + memoryMib + "M,mergeable=off,shared=off"));
        List<String> disks = new ArrayList<>();
        if (scratchDisk != null) {
            disks.add("path=" + opt(scratchDisk) + ",readonly=off,direct=off,serial=isobench-scratch");
        }
        if (rootDisk != null) {
            disks.add("path=" + opt(rootDisk) + ",readonly=on,direct=off,serial=isobench-root");
        }
        if (!disks.isEmpty()) {
            a.add("--disk");
            a.addAll(disks);
        }
        a.addAll(List.of("--serial", "file=" + opt(consoleLog), "--console", "off"));
        return a;
    }

    /** Cloud Hypervisor's option values are comma-separated key=value lists: a path with a comma cannot be said. */
    static String opt(Path p) {
        if (p.toString().contains(",")) {
            throw new IllegalArgumentException("Cloud Hypervisor cannot take a path with a comma: " + p);
        }
        return p.toString();
    }
}
