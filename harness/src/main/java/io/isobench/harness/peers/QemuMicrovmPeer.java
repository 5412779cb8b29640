package io.isobench.harness.peers;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * QEMU's microvm machine with KVM booting the same kernel, initramfs and command line.
 * guest-init's marker port 0x600 is captured with an isa-debugcon device into a file; the
 * first byte there is "init reached" (timed from spawning qemu), then qemu is killed.
 */
final class QemuMicrovmPeer extends VmBootPeer {
    private final Path kernel;
    private final Path initrd;
    private final String cmdline;
    private final int vcpus;
    private final long memoryBytes;
    private final Path work;

    QemuMicrovmPeer(Path kernel, Path initrd, String cmdline, int vcpus, long memoryBytes, Path work) {
        this.kernel = kernel;
        this.initrd = initrd;
        this.cmdline = cmdline;
        this.vcpus = vcpus;
        this.memoryBytes = memoryBytes;
        this.work = work;
    }

    @Override
    public String name() {
        return "qemu -M microvm";
    }

    @Override
    public String unavailableReason() {
        return CommandPeer.find("qemu-system-x86_64") == null ? "qemu-system-x86_64 is not installed" : null;
    }

    @Override
    double bootOnceMs() throws Exception {
        Path markers = work.resolve("qemu-markers");
        Files.deleteIfExists(markers);
        List<String> argv = List.of("qemu-system-x86_64", "-M", "microvm", "-accel", "kvm", "-cpu", "host",
                "-smp", String.valueOf(vcpus), "-m", (memoryBytes >> 20) + "M", "-nodefaults", "-no-user-config",
                "-display", "none", "-serial", "null", "-no-reboot",
                "-chardev", "file,id=markers,path=" + markers, "-device", "isa-debugcon,iobase=0x600,chardev=markers",
                "-kernel", kernel.toString(), "-initrd", initrd.toString(), "-append", cmdline);
        long t0 = System.nanoTime();
        Process qemu = new ProcessBuilder(argv).redirectErrorStream(true)
                .redirectOutput(work.resolve("qemu.log").toFile()).start();
        try {
            long deadline = t0 + TimeUnit.MILLISECONDS.toNanos(BOOT_TIMEOUT_MS);
            while (System.nanoTime() < deadline) {
                if (Files.exists(markers) && Files.size(markers) > 0) {
                    return (System.nanoTime() - t0) / 1e6;
                }
                if (!qemu.isAlive()) {
                    throw new IllegalStateException("qemu exited with " + qemu.exitValue() + " before init (see "
                            + work.resolve("qemu.log") + ")");
                }
                Thread.sleep(1);
            }
            throw new TimeoutException("qemu did not reach init");
        } finally {
            qemu.destroyForcibly();
            qemu.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
