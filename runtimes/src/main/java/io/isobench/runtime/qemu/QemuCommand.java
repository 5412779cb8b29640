package io.isobench.runtime.qemu;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The QEMU command line of one {@code vm:qemu} trial, built from what isobench's own monitor
 * gets (pure: no file is touched, so it is unit-tested). The guest must see the devices our
 * monitor gives it, so that the guest side (kernel, command line, guest-init) stays identical:
 *
 * <ul>
 *   <li>COM1 (0x3F8, IRQ 4): the kernel console, into a file ({@code console=ttyS0});</li>
 *   <li>COM2 (0x2F8, IRQ 3): guest-init's frames of the workload's stdout and stderr, to a Unix
 *       socket the runtime listens on; microvm's own ISA serial is COM1 only, so COM2 is an
 *       {@code isa-serial} device of its own, which QEMU declares in the DSDT like ours does;</li>
 *   <li>port 0x600: guest-init's markers (code, argument), through {@code isa-debugcon} to a
 *       second Unix socket;</li>
 *   <li>the scratch disk, then the read-only root disk, as virtio-blk on virtio-mmio (microvm) or
 *       on PCI (q35), with our monitor's serial numbers.</li>
 * </ul>
 *
 * <p>microvm's RTC is off (our monitor has none) and so is KSM merging of guest RAM (ours merges
 * only when density asks). {@code -no-reboot}: guest-init's reboot at the end ends QEMU, as
 * the reset ends our monitor.
 *
 * @param binary       qemu-system-x86_64
 * @param machine      {@code microvm} or {@code q35} ({@link #MACHINES})
 * @param scratchDisk  ext4 image for /scratch, or null
 * @param rootDisk     read-only ext4 root image, or null (root in the initramfs)
 * @param consoleLog   where COM1 goes
 * @param outputSocket Unix socket QEMU connects COM2 to
 * @param markerSocket Unix socket QEMU connects the debugcon on 0x600 to
 * @param pidFile      where QEMU writes its pid (the runtime reads its memory there)
 */
public record QemuCommand(Path binary, String machine, Path kernel, Path initrd, String cmdline, int vcpus,
                          long memoryBytes, Path scratchDisk, Path rootDisk, Path consoleLog, Path outputSocket,
                          Path markerSocket, Path pidFile) {
    public static final List<String> MACHINES = List.of("microvm", "q35");
    /** guest-init's marker port (MarkerPort in our monitor). */
    static final int MARKER_PORT = 0x600;

    public QemuCommand {
        Objects.requireNonNull(binary);
        Objects.requireNonNull(kernel);
        Objects.requireNonNull(initrd);
        Objects.requireNonNull(cmdline);
        if (!MACHINES.contains(machine)) {
            throw new IllegalArgumentException("the QEMU machine must be one of " + String.join(", ", MACHINES)
                    + ", not '" + machine + "'");
        }
        if (vcpus < 1) {
            throw new IllegalArgumentException("vcpus must be at least 1");
        }
        if (memoryBytes < (1L << 20) || memoryBytes % (1L << 20) != 0) {
            throw new IllegalArgumentException("QEMU's guest memory is given in whole MiB, not " + memoryBytes + " bytes");
        }
    }

    public boolean pci() {
        return machine.equals("q35");
    }

    public List<String> argv() {
        List<String> a = new ArrayList<>(List.of(binary.toString(),
                "-M", pci() ? "q35,mem-merge=off" : "microvm,rtc=off,mem-merge=off,isa-serial=on,acpi=on",
                "-accel", "kvm", "-cpu", "host",
                "-smp", String.valueOf(vcpus), "-m", (memoryBytes >> 20) + "M",
                "-nodefaults", "-no-user-config", "-display", "none", "-no-reboot",
                "-pidfile", pidFile.toString(),
                "-chardev", "file,id=com1,path=" + opt(consoleLog),
                "-chardev", "socket,id=com2,path=" + opt(outputSocket),
                "-chardev", "socket,id=markers,path=" + opt(markerSocket)));
        if (pci()) {
            // A PC machine creates one ISA serial port per -serial, COM1 then COM2.
            a.addAll(List.of("-serial", "chardev:com1", "-serial", "chardev:com2"));
        } else {
            // microvm instantiates only the first: COM2 is added as a device at COM2's place.
            a.addAll(List.of("-serial", "chardev:com1", "-device", "isa-serial,chardev=com2,index=1"));
        }
        a.addAll(List.of("-device", "isa-debugcon,iobase=0x" + Integer.toHexString(MARKER_PORT) + ",chardev=markers"));
        String blk = pci() ? "virtio-blk-pci" : "virtio-blk-device";
        if (scratchDisk != null) {
            a.addAll(List.of("-drive", "file=" + opt(scratchDisk) + ",format=raw,if=none,id=scratch,cache=writeback",
                    "-device", blk + ",drive=scratch,serial=isobench-scratch"));
        }
        if (rootDisk != null) {
            a.addAll(List.of("-drive", "file=" + opt(rootDisk) + ",format=raw,if=none,id=root,readonly=on",
                    "-device", blk + ",drive=root,serial=isobench-root"));
        }
        a.addAll(List.of("-kernel", kernel.toString(), "-initrd", initrd.toString(), "-append", cmdline));
        return a;
    }

    /** A path inside a QEMU option string: a comma must be doubled there. */
    static String opt(Path p) {
        return p.toString().replace(",", ",,");
    }
}
