package io.isobench.runtime.vm.guest;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Boots the real guest kernel with our initramfs and guest-init under QEMU/TCG, a peer
 * monitor that needs no KVM: proves guest-init, the modules list, the command line and the
 * COM2 framing end to end, independent of isobench's own monitor. Two boots: one workload
 * run, one guest-init failure.
 *
 * <p>QEMU runs {@code -M pc,acpi=off}: with ACPI the firmware puts the chipset's ACPI PM
 * registers at port 0x600 on both pc and q35, and they hide the marker port (isa-debugcon,
 * which records the bytes written to it). Without ACPI the kernel sees one CPU, which is all
 * this test needs. The disk is virtio-blk on PCI, so virtio_pci is loaded in addition to the
 * production list (virtio_mmio loads and finds no device).
 */
class GuestBootQemuTest {
    @TempDir
    static Path dir;

    @BeforeAll
    static void prepare() throws Exception {
        Path root = Files.createDirectories(dir.resolve("root/bin"));
        Files.copy(Path.of("/bin/busybox"), root.resolve("busybox"));
        Files.createSymbolicLink(root.resolve("sh"), Path.of("busybox"));
    }

    @Test
    void workloadRunsWithSeparatedByteExactOutputAndItsExitCode() throws Exception {
        Path scratch = dir.resolve("scratch.img");
        run(List.of("truncate", "-s", "32M", scratch.toString()));
        run(List.of("mkfs.ext4", "-q", "-F", scratch.toString()));
        String script = String.join("\n",
                "echo out1",
                "echo err1 >&2",
                "printf '\\000\\001\\r\\n\\377tail'",       // bytes a tty in cooked mode would mangle
                "echo",
                "seq 1 20000",                             // ~108 KB: many 4 KiB frames
                "uname -r",
                "hostname",
                "pwd",
                "echo \"$ISOBENCH_SCRATCH|$GREETING|$HOME\"",
                "echo written > file && cat /scratch/file",
                "sleep 600 &",                             // an orphan must not hold up the end
                "echo err2 >&2",
                "exit 3");
        GuestPayload.Prepared guest = prepare(new GuestPayload.Request(dir.resolve("root"), null,
                List.of("sh", "-c", script, "arg0 with spaces"), true, "/scratch", Map.of("GREETING", "hi 'there'"),
                GuestDevices.VIRTIO_PCI, List.of()));
        assertEquals(List.of("virtio_ring", "virtio_pci_modern_dev", "virtio_pci_legacy_dev", "virtio", "virtio_pci",
                "virtio_mmio", "virtio_blk"), guest.modules().stream().map(KernelModule::name).toList());
        Boot boot = boot(guest, scratch);
        GuestKernel kernel = guest.kernel();

        assertEquals(List.of(1, 0, 2, 0, 3, 0, 4, 3), boot.markers, "markers; console:\n" + boot.console);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        boot.decode(out, err);

        ByteArrayOutputStream want = new ByteArrayOutputStream();
        want.writeBytes("out1\n".getBytes());
        want.writeBytes(new byte[]{0, 1, '\r', '\n', (byte) 0xff, 't', 'a', 'i', 'l', '\n'});
        StringBuilder seq = new StringBuilder();
        for (int i = 1; i <= 20000; i++) {
            seq.append(i).append('\n');
        }
        want.writeBytes(seq.toString().getBytes());
        want.writeBytes((kernel.release() + "\nisobench\n/scratch\n/scratch|hi 'there'|/\nwritten\n")
                .getBytes(StandardCharsets.UTF_8));
        assertArrayEquals(want.toByteArray(), out.toByteArray(), "stdout:\n" + out);
        assertEquals("err1\nerr2\n", err.toString());
        assertNotEquals(System.getProperty("os.version"), kernel.release(), "the guest must run its own kernel");
        assertFalse(boot.console.contains("guest-init: failed"), boot.console);

        // The disk file holds the guest's write, in a cleanly unmounted file system.
        assertEquals("written\n", run(List.of("debugfs", "-R", "cat /file", scratch.toString())));
        String superblock = run(List.of("dumpe2fs", "-h", scratch.toString()));
        assertTrue(superblock.contains("Filesystem state:         clean"), superblock);
        assertFalse(superblock.contains("needs_recovery"), superblock);
    }

    @Test
    void failureIsReportedWithItsStage() throws Exception {
        // No disk attached: guest-init waits for /dev/vda in vain.
        Boot boot = boot(prepare(new GuestPayload.Request(dir.resolve("root"), null, List.of("true"), true, null,
                Map.of(), GuestDevices.VIRTIO_PCI, List.of())), null);
        assertEquals(List.of(1, 0, 0xEE, InitStage.SCRATCH.number()), boot.markers, boot.console);
        assertTrue(boot.console.contains("isobench guest-init: failed at stage 6: the scratch disk /dev/vda did not"
                + " appear within 2 s"), boot.console);
        assertEquals(0, boot.com2.length);
        assertEquals("guest-init failed while mounting the scratch disk (stage 6)", InitStage.describe(boot.markers.get(3)));
    }

    @Test
    void theRootDiskIsMountedReadOnlyAndTheWorkloadRunsFromIt() throws Exception {
        Path scratch = dir.resolve("scratch-root.img");
        run(List.of("truncate", "-s", "32M", scratch.toString()));
        run(List.of("mkfs.ext4", "-q", "-F", scratch.toString()));
        Files.writeString(dir.resolve("root/marker.txt"), "on the root disk\n");
        String script = String.join("\n",
                "cat /marker.txt",
                "grep ' / ' /proc/mounts | cut -d' ' -f1-4 | cut -d, -f1",
                "touch /probe || echo root-write-refused",
                "echo > /dev/vdb || echo device-write-refused",
                "echo tmp > /tmp/t && cat /tmp/t",
                "echo scratch > /scratch/s && cat /scratch/s",
                "ls /init /isobench 2>/dev/null || echo no-initramfs-files",
                "exit 0");
        GuestPayload.Prepared guest = GuestPayload.prepare(new GuestPayload.Request(dir.resolve("root"), null,
                List.of("sh", "-c", script), true, null, Map.of(), GuestDevices.VIRTIO_PCI, List.of(), null, true, null),
                dir.resolve("cache"), new RootDisk(dir.resolve("rootdisk")));
        assertTrue(guest.cmdline().contains(" isobench.root=/dev/vdb"), guest.cmdline());
        assertTrue(Files.size(guest.initramfs()) < 4L << 20, "boot-only initramfs: " + Files.size(guest.initramfs()));
        Boot boot = boot(guest, scratch, guest.rootDisk());
        assertEquals(List.of(1, 0, 2, 0, 3, 0, 4, 0), boot.markers, "markers; console:\n" + boot.console);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        boot.decode(out, err);
        assertEquals(String.join("\n", "on the root disk", "/dev/vdb / ext4 ro", "root-write-refused",
                "device-write-refused", "tmp", "scratch", "no-initramfs-files", ""), out.toString(),
                "stdout:\n" + out + "\nstderr:\n" + err);
        assertTrue(err.toString().contains("Read-only file system"), err.toString());
    }

    @Test
    void aDamagedRootDiskIsOneSentence() throws Exception {
        Path zeros = dir.resolve("zeros.img");
        run(List.of("truncate", "-s", "8M", zeros.toString()));
        GuestPayload.Prepared guest = GuestPayload.prepare(new GuestPayload.Request(dir.resolve("root"), null,
                List.of("true"), false, null, Map.of(), GuestDevices.VIRTIO_PCI, List.of(), null, true, null),
                dir.resolve("cache"), new RootDisk(dir.resolve("rootdisk")));
        Boot boot = boot(guest, null, zeros); // the image the host built is swapped for zeros
        assertEquals(List.of(1, 0, 0xEE, InitStage.ROOT.number()), boot.markers, boot.console);
        assertTrue(boot.console.contains("isobench guest-init: failed at stage 10: the root disk /dev/vda holds no ext4"
                + " file system (damaged image?)"), boot.console);
        assertEquals(0, boot.com2.length);
    }

    record Boot(List<Integer> markers, byte[] com2, String console) {
        /** The workload's stdout and stderr, demultiplexed from COM2's frames. */
        void decode(ByteArrayOutputStream out, ByteArrayOutputStream err) throws Exception {
            ConsoleFrames frames = new ConsoleFrames(out, err);
            frames.feed(com2, 0, com2.length);
            frames.finish();
        }
    }

    private static GuestPayload.Prepared prepare(GuestPayload.Request request) throws Exception {
        long t0 = System.nanoTime();
        GuestPayload.Prepared guest = GuestPayload.prepare(request, dir.resolve("cache"));
        System.out.printf("GuestBootQemuTest: kernel, modules and initramfs (%d bytes) ready in %d ms%n",
                Files.size(guest.initramfs()), (System.nanoTime() - t0) / 1_000_000);
        return guest;
    }

    private static Boot boot(GuestPayload.Prepared guest, Path disk) throws Exception {
        return boot(guest, disk, null);
    }

    /** @param rootDisk attached read-only after {@code disk}, with the serial isobench's monitor gives it */
    private static Boot boot(GuestPayload.Prepared guest, Path disk, Path rootDisk) throws Exception {
        Path run = Files.createTempDirectory(dir, "boot");
        List<String> argv = new ArrayList<>(List.of("qemu-system-x86_64", "-M", "pc,acpi=off", "-accel", "tcg",
                "-cpu", "max", "-m", "256", "-smp", "1", "-nodefaults", "-nographic", "-no-reboot",
                "-kernel", guest.kernel().image().toString(), "-initrd", guest.initramfs().toString(),
                "-append", guest.cmdline(),
                "-serial", "file:" + run.resolve("com1.log"), "-serial", "file:" + run.resolve("com2.bin"),
                "-chardev", "file,id=mk,path=" + run.resolve("markers.bin"),
                "-device", "isa-debugcon,iobase=0x600,chardev=mk"));
        if (disk != null) {
            argv.addAll(List.of("-drive", "file=" + disk + ",if=none,id=d0,format=raw",
                    "-device", "virtio-blk-pci,drive=d0"));
        }
        if (rootDisk != null) {
            argv.addAll(List.of("-drive", "file=" + rootDisk + ",if=none,id=d1,format=raw,readonly=on",
                    "-device", "virtio-blk-pci,drive=d1,serial=isobench-root"));
        }
        long t0 = System.nanoTime();
        Process qemu = new ProcessBuilder(argv).redirectErrorStream(true)
                .redirectOutput(run.resolve("qemu.out").toFile()).start();
        try {
            assertTrue(qemu.waitFor(300, TimeUnit.SECONDS), "QEMU did not finish within 300 s");
        } finally {
            qemu.destroyForcibly().waitFor();
        }
        System.out.printf("GuestBootQemuTest: TCG boot to reboot took %d ms%n", (System.nanoTime() - t0) / 1_000_000);
        String console = Files.readString(run.resolve("com1.log"), StandardCharsets.ISO_8859_1);
        assertEquals(0, qemu.exitValue(), Files.readString(run.resolve("qemu.out")) + console);
        List<Integer> markers = new ArrayList<>();
        for (byte b : Files.readAllBytes(run.resolve("markers.bin"))) {
            markers.add(b & 0xff);
        }
        return new Boot(markers, Files.readAllBytes(run.resolve("com2.bin")), console);
    }

    /** Runs a host tool; returns its stdout (stderr, e.g. debugfs's banner, is dropped). */
    private static String run(List<String> argv) throws Exception {
        Process p = new ProcessBuilder(argv).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), argv + ": " + out);
        return out;
    }
}
