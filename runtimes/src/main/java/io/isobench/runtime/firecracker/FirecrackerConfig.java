package io.isobench.runtime.firecracker;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The {@code --config-file} of one {@code vm:firecracker} trial (pure: unit-tested): the guest
 * isobench's monitor boots, in Firecracker's terms.
 *
 * <ul>
 *   <li>{@code boot-source}: the ELF vmlinux unpacked from isobench's bzImage
 *       ({@code vm.guest.ElfKernel}: Firecracker loads only ELF on x86), the same initramfs,
 *       the same command line;</li>
 *   <li>{@code drives}: the scratch disk, then the read-only root disk, virtio-blk over
 *       virtio-mmio in that order (so /dev/vda and /dev/vdb as in our monitor), none the root
 *       device (Firecracker would then add {@code root=} to the command line); the scratch
 *       disk {@code Writeback} (host page cache, the guest's flushes honoured: our monitor's
 *       buffered backend; Firecracker's default {@code Unsafe} ignores flushes);</li>
 *   <li>{@code machine-config}: the vCPUs and guest RAM in MiB, no SMT.</li>
 * </ul>
 *
 * <p>The console: Firecracker's one serial port, COM1, on its standard output. It has no COM2
 * and nothing at port 0x600 (see {@link FirecrackerRuntime}). Its i8042 ends Firecracker at
 * guest-init's reboot ({@code reboot=k}, on the command line already).
 */
public record FirecrackerConfig(Path kernel, Path initrd, String cmdline, int vcpus, long memoryMib, Path scratchDisk,
                                Path rootDisk) {
    public FirecrackerConfig {
        Objects.requireNonNull(kernel);
        Objects.requireNonNull(initrd);
        Objects.requireNonNull(cmdline);
        if (vcpus < 1 || vcpus > 32) {
            throw new IllegalArgumentException("Firecracker takes 1 to 32 vCPUs, not " + vcpus);
        }
        if (memoryMib < 1) {
            throw new IllegalArgumentException("guest memory must be at least 1 MiB");
        }
    }

    public ObjectNode json() {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode root = f.objectNode();
        ObjectNode boot = root.putObject("boot-source");
        boot.put("kernel_image_path", kernel.toString());
        boot.put("initrd_path", initrd.toString());
        boot.put("boot_args", cmdline);
        ArrayNode drives = root.putArray("drives");
        if (scratchDisk != null) {
            drives.add(drive(f, "scratch", scratchDisk, false));
        }
        if (rootDisk != null) {
            drives.add(drive(f, "root", rootDisk, true));
        }
        ObjectNode machine = root.putObject("machine-config");
        machine.put("vcpu_count", vcpus);
        machine.put("mem_size_mib", memoryMib);
        machine.put("smt", false);
        root.putArray("network-interfaces");
        return root;
    }

    private static ObjectNode drive(JsonNodeFactory f, String id, Path path, boolean readOnly) {
        ObjectNode d = f.objectNode();
        d.put("drive_id", id);
        d.put("path_on_host", path.toString());
        d.put("is_root_device", false);
        d.put("is_read_only", readOnly);
        d.put("cache_type", "Writeback");
        return d;
    }

    /** Firecracker's arguments: no API socket, everything from the file. */
    public static java.util.List<String> argv(Path binary, Path configFile) {
        return java.util.List.of(binary.toString(), "--no-api", "--config-file", configFile.toString());
    }
}
