package io.isobench.runtime.vm.process;

import io.isobench.runtime.net.NetAttachment;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The VMM process's command line, written by {@code VmRuntime} and read by {@link VmmMain}.
 * Kept as one record with both directions, so the two sides cannot drift apart.
 *
 * @param disk    the scratch disk image, or null for none
 * @param console where COM1 (kernel console) goes, a file
 * @param network the VM's link to the run's far end (a virtio-net device on a tap living in
 *                the far end), or null for none
 * @param netOffloads whether the link offers checksum and TCP segmentation offloads (a tap with
 *                    virtio headers), as Firecracker's and QEMU's do
 * @param mergeable   mark guest RAM MADV_MERGEABLE, so KSM may merge identical pages across VMs
 * @param rootDisk the read-only root disk image (attached read-only after the scratch disk), or
 *                 null when the root is in the initramfs
 */
public record VmmArgs(Path kernel, Path initrd, String commandLine, int vcpus, long memoryBytes, Path disk,
                      boolean diskDirect, long deadlineNanos, Path report, Path console, NetAttachment network,
                      boolean netOffloads, boolean mergeable, Path rootDisk) {

    /** Arguments for a VM whose root is in the initramfs, its guest RAM not offered to KSM. */
    public VmmArgs(Path kernel, Path initrd, String commandLine, int vcpus, long memoryBytes, Path disk,
                   boolean diskDirect, long deadlineNanos, Path report, Path console, NetAttachment network,
                   boolean netOffloads) {
        this(kernel, initrd, commandLine, vcpus, memoryBytes, disk, diskDirect, deadlineNanos, report, console, network,
                netOffloads, false, null);
    }

    /** Arguments for a VM without a network link. */
    public VmmArgs(Path kernel, Path initrd, String commandLine, int vcpus, long memoryBytes, Path disk,
                   boolean diskDirect, long deadlineNanos, Path report, Path console) {
        this(kernel, initrd, commandLine, vcpus, memoryBytes, disk, diskDirect, deadlineNanos, report, console, null,
                false, false, null);
    }

    /**
     * How long the VM may run from now: until {@code deadlineNanos}, a {@link System#nanoTime()}
     * instant, which is CLOCK_MONOTONIC and so the same clock in the runtime that set it and
     * in this process, however long this process took to start.
     */
    public Duration remaining() {
        return Duration.ofNanos(Math.max(1_000_000L, deadlineNanos - System.nanoTime()));
    }

    public List<String> toArgs() {
        List<String> a = new ArrayList<>(List.of("--kernel", kernel.toString(), "--initrd", initrd.toString(),
                "--cmdline", commandLine, "--cpus", Integer.toString(vcpus), "--memory", Long.toString(memoryBytes),
                "--deadline-ns", Long.toString(deadlineNanos), "--report", report.toString(),
                "--console", console.toString()));
        if (disk != null) {
            a.addAll(List.of("--disk", disk.toString()));
            if (diskDirect) {
                a.add("--disk-direct");
            }
        }
        if (mergeable) {
            a.add("--mergeable");
        }
        if (rootDisk != null) {
            a.addAll(List.of("--root-disk", rootDisk.toString()));
        }
        if (network != null) {
            a.addAll(List.of("--net-far-end", network.farEnd().toString(), "--net-address", network.instanceAddress(),
                    "--net-far-address", network.farAddress(), "--net-prefix", Integer.toString(network.prefixLength()),
                    "--net-link", network.linkName()));
            if (!netOffloads) {
                a.add("--net-no-offloads");
            }
        }
        return a;
    }

    /** @throws IllegalArgumentException naming the bad or missing option */
    public static VmmArgs parse(List<String> args) {
        Path kernel = null, initrd = null, disk = null, report = null, console = null, rootDisk = null;
        String cmdline = null;
        int vcpus = 1;
        long memory = 0;
        Long deadline = null;
        boolean direct = false;
        boolean netOffloads = true;
        boolean mergeable = false;
        String netFarEnd = null, netAddress = null, netFarAddress = null, netPrefix = null, netLink = null;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--disk-direct")) {
                direct = true;
                continue;
            }
            if (a.equals("--mergeable")) {
                mergeable = true;
                continue;
            }
            if (a.equals("--net-no-offloads")) {
                netOffloads = false;
                continue;
            }
            if (i + 1 >= args.size()) {
                throw new IllegalArgumentException("option " + a + " needs a value");
            }
            String v = args.get(++i);
            switch (a) {
                case "--kernel" -> kernel = Path.of(v);
                case "--initrd" -> initrd = Path.of(v);
                case "--cmdline" -> cmdline = v;
                case "--cpus" -> vcpus = Integer.parseInt(v);
                case "--memory" -> memory = Long.parseLong(v);
                case "--deadline-ns" -> deadline = Long.parseLong(v);
                case "--report" -> report = Path.of(v);
                case "--console" -> console = Path.of(v);
                case "--disk" -> disk = Path.of(v);
                case "--root-disk" -> rootDisk = Path.of(v);
                case "--net-far-end" -> netFarEnd = v;
                case "--net-address" -> netAddress = v;
                case "--net-far-address" -> netFarAddress = v;
                case "--net-prefix" -> netPrefix = v;
                case "--net-link" -> netLink = v;
                default -> throw new IllegalArgumentException("unknown option " + a);
            }
        }
        if (kernel == null || initrd == null || cmdline == null || report == null || console == null || memory <= 0
                || deadline == null) {
            throw new IllegalArgumentException("--kernel, --initrd, --cmdline, --memory, --deadline-ns, --report and "
                    + "--console are required");
        }
        NetAttachment network = null;
        if (netFarEnd != null || netAddress != null || netFarAddress != null || netPrefix != null || netLink != null) {
            if (netFarEnd == null || netAddress == null || netFarAddress == null || netPrefix == null || netLink == null) {
                throw new IllegalArgumentException("--net-far-end, --net-address, --net-far-address, --net-prefix and "
                        + "--net-link go together");
            }
            network = new NetAttachment(Path.of(netFarEnd), netAddress, netFarAddress, Integer.parseInt(netPrefix), netLink);
        }
        return new VmmArgs(kernel, initrd, cmdline, vcpus, memory, disk, direct, deadline, report, console, network,
                network != null && netOffloads, mergeable, rootDisk);
    }
}
