package io.isobench.runtime.vmvariant;

import io.isobench.runtime.Launch;
import io.isobench.runtime.Limits;
import io.isobench.runtime.RuntimeFailure;
import io.isobench.runtime.vm.VmRuntime;
import io.isobench.runtime.vm.disk.ScratchDisk;
import io.isobench.runtime.vm.guest.GuestDevices;
import io.isobench.runtime.vm.guest.GuestPayload;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The guest isobench's {@code vm} runtime would boot for one launch, for a monitor other than
 * ours: the same kernel ({@code vm.kernel} or the cached Debian cloud kernel), the same
 * initramfs with guest-init or, with {@code vm.root=disk}, the same read-only root disk, the
 * same command line (plus the variant's {@code extraParams}, first, then {@code vm.kernel-args}),
 * the scratch disk, the vCPUs ({@code --cpus} rounded up) and guest RAM ({@code --memory},
 * default 1 GiB, rounded up to whole MiB: every monitor here takes MiB). {@link #prepare} also
 * gives the trial's cgroup the {@code vm} runtime's limits: guest RAM plus the monitor's
 * allowance, and the CPU quota.
 *
 * @param scratchDisk the scratch disk's ext4 image (virtio-blk, first), or null
 * @param memoryBytes guest RAM, whole MiB
 */
public record VariantGuest(GuestPayload.Prepared payload, Path scratchDisk, int vcpus, long memoryBytes) {

    /** Guest RAM in MiB. */
    public long memoryMib() {
        return memoryBytes >> 20;
    }

    public static VariantGuest prepare(Launch launch, List<String> extraParams, GuestDevices devices) throws RuntimeFailure {
        String root = launch.option(VmRuntime.ROOT_OPTION, "initramfs");
        if (!root.equals("initramfs") && !root.equals("disk")) {
            throw new RuntimeFailure("the VM option root must be initramfs or disk, not '" + root + "'.");
        }
        String kernelOption = launch.option("kernel", null);
        String kernelArgs = launch.option("kernel-args", "");
        List<String> params = new ArrayList<>(extraParams);
        if (!kernelArgs.isBlank()) {
            params.addAll(List.of(kernelArgs.strip().split("\\s+")));
        }
        GuestPayload.Prepared guest = GuestPayload.prepare(new GuestPayload.Request(launch.rootfs(),
                kernelOption == null ? null : Path.of(kernelOption), launch.command(), launch.scratch() != null, null,
                launch.env(), devices, params, null, root.equals("disk"), launch.option(VmRuntime.ROOT_KEY_OPTION, null)));
        Path disk = launch.scratch() == null ? null : ScratchDisk.create(launch.scratch(), ScratchDisk.DEFAULT_BYTES);

        Limits limits = launch.limits();
        int vcpus = limits.cpus() == null ? Math.min(java.lang.Runtime.getRuntime().availableProcessors(), 8)
                : (int) Math.ceil(limits.cpus());
        long memory = limits.memoryBytes() == null ? VmRuntime.DEFAULT_MEMORY_BYTES : limits.memoryBytes();
        memory = (memory + (1L << 20) - 1) & -(1L << 20);
        try {
            launch.cgroup().applyLimits(new Limits(limits.cpus(), memory + VmRuntime.MONITOR_ALLOWANCE_BYTES, limits.pids()));
        } catch (IOException e) {
            throw new RuntimeFailure("cannot set the limits of the monitor's cgroup: " + e.getMessage(), e);
        }
        return new VariantGuest(guest, disk, vcpus, memory);
    }
}
