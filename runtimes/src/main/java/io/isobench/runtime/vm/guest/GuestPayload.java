package io.isobench.runtime.vm.guest;

import io.isobench.runtime.RuntimeFailure;
import io.isobench.runtime.launch.CacheRoot;
import io.isobench.runtime.launch.NativeHelpers;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything a monitor needs to boot one workload: the kernel, the initramfs (root directory
 * + guest-init + the kernel's virtio modules; or, with a root disk, guest-init and the
 * modules only, plus the root as a read-only ext4 disk) and the command line. The one entry point of
 * this package for the VM runtime; each step is its own class.
 */
public final class GuestPayload {
    /** The device name the kernel gives the first virtio disk, used for the scratch disk. */
    public static final String SCRATCH_DEVICE = "/dev/vda";
    /**
     * The root disk's device: the monitor attaches it after the scratch disk (its window
     * follows the scratch disk's in the DSDT, so virtio_blk probes it second), so it is the
     * second disk when there is a scratch disk and the first otherwise. guest-init checks its
     * label before mounting it, so a mix-up is a sentence, not a wrong root.
     */
    public static String rootDevice(boolean scratch) {
        return scratch ? "/dev/vdb" : "/dev/vda";
    }

    /**
     * What to run.
     *
     * @param rootfs  the root directory (the shared image or {@code --rootfs})
     * @param kernel  {@code --kernel FILE}, or null for Debian's cloud kernel
     * @param argv    the workload's command
     * @param scratch whether the VM has a scratch disk (the first virtio disk, ext4) for guest-init
     *                to mount at /scratch
     * @param cwd     working directory in the guest, or null for /
     * @param env     extra environment
     * @param devices how the monitor attaches virtio devices
     * @param kernelParams further kernel parameters from the user (e.g. {@code nokaslr}), appended
     * @param network      the guest's network link (a virtio-net device), or null for none
     * @param rootDisk     the root filesystem as a read-only ext4 disk ({@link RootDisk}) that
     *                     guest-init switches to, the initramfs holding only guest-init and the
     *                     modules; false: the root is packed into the initramfs
     * @param rootKey      with a root disk: what identifies the root's contents (see
     *                     {@link RootDisk#get(Path, String)}), or null to key it by a scan
     */
    public record Request(Path rootfs, Path kernel, List<String> argv, boolean scratch, String cwd,
                          Map<String, String> env, GuestDevices devices, List<String> kernelParams,
                          GuestNetwork network, boolean rootDisk, String rootKey) {
        public Request {
            Objects.requireNonNull(rootfs);
            Objects.requireNonNull(devices);
            argv = List.copyOf(argv);
            env = Map.copyOf(env);
            kernelParams = List.copyOf(kernelParams);
        }

        /** A request with the root in the initramfs. */
        public Request(Path rootfs, Path kernel, List<String> argv, boolean scratch, String cwd,
                       Map<String, String> env, GuestDevices devices, List<String> kernelParams,
                       GuestNetwork network) {
            this(rootfs, kernel, argv, scratch, cwd, env, devices, kernelParams, network, false, null);
        }

        /** A request without a network link. */
        public Request(Path rootfs, Path kernel, List<String> argv, boolean scratch, String cwd,
                       Map<String, String> env, GuestDevices devices, List<String> kernelParams) {
            this(rootfs, kernel, argv, scratch, cwd, env, devices, kernelParams, null);
        }

        /** The drivers guest-init loads: the devices' own, plus virtio_net with a network link. */
        public List<String> drivers() {
            if (network == null) {
                return devices.drivers();
            }
            List<String> all = new java.util.ArrayList<>(devices.drivers());
            all.add(GuestDevices.NET_DRIVER);
            return List.copyOf(all);
        }

        /** A request for isobench's own monitor: virtio-mmio devices, no extra environment or parameters. */
        public static Request of(Path rootfs, Path kernel, List<String> argv, boolean scratch) {
            return new Request(rootfs, kernel, argv, scratch, null, Map.of(), GuestDevices.VIRTIO_MMIO, List.of());
        }
    }

    /**
     * The guest side of a network link: the address guest-init puts on eth0.
     *
     * @param address      IPv4 address, e.g. 198.18.0.2
     * @param prefixLength the link's prefix length (30 for the point-to-point /30)
     */
    public record GuestNetwork(String address, int prefixLength) {
        public GuestNetwork {
            Objects.requireNonNull(address);
        }
    }

    /**
     * @param kernel    the kernel to load
     * @param initramfs the cpio to place as initrd (a cached file: do not delete it)
     * @param cmdline   the kernel command line
     * @param modules   the modules guest-init will load, in order
     * @param rootDisk  the read-only root disk to attach after the scratch disk (a cached file: do
     *                  not delete it), or null when the root is in the initramfs
     */
    public record Prepared(GuestKernel kernel, Path initramfs, String cmdline, List<KernelModule> modules,
                           Path rootDisk) {
    }

    private GuestPayload() {
    }

    /**
     * Resolves the kernel (fetching it on first use), packs or reuses the initramfs and
     * builds the command line.
     *
     * @throws RuntimeFailure with one sentence for the user
     */
    public static Prepared prepare(Request request) throws RuntimeFailure {
        return prepare(request, CacheRoot.get().resolve("initramfs"), RootDisk.standard());
    }

    /** As {@link #prepare(Request)}, with the initramfs cached in {@code initramfsCache}. */
    public static Prepared prepare(Request request, Path initramfsCache) throws RuntimeFailure {
        return prepare(request, initramfsCache, RootDisk.standard());
    }

    /** As {@link #prepare(Request)}, with both caches given. */
    public static Prepared prepare(Request request, Path initramfsCache, RootDisk rootDisks) throws RuntimeFailure {
        GuestKernel kernel = GuestKernel.resolve(request.kernel());
        List<KernelModule> modules = ModuleSet.resolve(kernel, request.drivers());
        KernelCommandLine line = KernelCommandLine.command(request.argv()).env(request.env())
                .limit(KernelFile.commandLineLimit(kernel.image()));
        if (request.cwd() != null) {
            line.cwd(request.cwd());
        }
        if (request.scratch()) {
            line.scratch(SCRATCH_DEVICE);
        }
        if (request.network() != null) {
            line.network(request.network().address(), request.network().prefixLength());
        }
        if (request.devices().pci()) {
            line.withPci();
        }
        if (request.rootDisk()) {
            line.root(rootDevice(request.scratch()));
        }
        request.kernelParams().forEach(line::extra);
        String cmdline = line.build();
        Path disk = request.rootDisk() ? rootDisks.get(request.rootfs(), request.rootKey()) : null;
        // With a root disk the initramfs is boot-only (guest-init and the modules), one for every root.
        Path initramfs = new Initramfs(initramfsCache).get(new Initramfs.Contents(
                request.rootDisk() ? null : request.rootfs(), NativeHelpers.get().path("guest-init"), modules));
        return new Prepared(kernel, initramfs, cmdline, modules, disk);
    }
}
