package io.isobench.harness.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.isobench.harness.image.Image;
import io.isobench.harness.image.ImageBuilder;
import io.isobench.runtime.Availability;
import io.isobench.runtime.Execution;
import io.isobench.runtime.Launch;
import io.isobench.runtime.Limits;
import io.isobench.runtime.Runtime;
import io.isobench.runtime.Stdio;
import io.isobench.runtime.cgroup.Cgroup;
import io.isobench.runtime.cgroup.CgroupManager;
import io.isobench.runtime.cloudhypervisor.CloudHypervisorRuntime;
import io.isobench.runtime.firecracker.FirecrackerRuntime;
import io.isobench.runtime.vm.calibration.KvmCalibration;
import io.isobench.runtime.vm.calibration.KvmKind;
import io.isobench.runtime.vm.guest.ElfKernel;
import io.isobench.runtime.vm.guest.GuestDevices;
import io.isobench.runtime.vm.guest.GuestKernel;
import io.isobench.runtime.vm.guest.GuestPayload;
import io.isobench.runtime.vm.guest.KernelFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * vm:firecracker and vm:cloud-hypervisor without their binaries (not packaged in Debian 12): a
 * fake binary, first on the PATH the runtime searches, records its arguments, the configuration
 * file it is given and its cgroup, then exits as the monitor would when the guest ends. What is
 * checked is that the monitor is told to boot exactly the guest isobench's vm runtime boots
 * (kernel, initramfs with guest-init and the image, command line with guest-init's settings,
 * vCPUs, RAM, scratch disk, serial console) from inside the trial's cgroup.
 */
class DeployedVmConfigTest {
    static final KvmCalibration HARDWARE = new KvmCalibration(KvmKind.HARDWARE, 3e8, 10, "hardware KVM");
    static final KvmCalibration EMULATED = new KvmCalibration(KvmKind.EMULATED, 2.5e6, 10, "KVM is emulated here (PVM)");
    static final List<String> COMMAND = List.of("/opt/isobench/bin/noop");
    static Image image;
    static CgroupManager cgroups;

    @BeforeAll
    static void setUp() throws Exception {
        image = ImageBuilder.standard().ensure();
        cgroups = CgroupManager.open();
    }

    /** A fake monitor: its argv one per line, a copy of the file after --config-file, its cgroups. */
    private static Function<String, Path> fakeFirst(Path dir, String name, Path record) throws Exception {
        Path bin = dir.resolve("bin");
        Files.createDirectories(bin);
        Path fake = bin.resolve(name);
        Files.writeString(fake, String.join("\n", "#!/bin/sh",
                "printf '%s\\n' \"$@\" > " + record.resolve("argv"),
                "cat /proc/self/cgroup > " + record.resolve("cgroup"),
                "while [ $# -gt 0 ]; do [ \"$1\" = --config-file ] && cp \"$2\" " + record.resolve("config.json") + "; shift; done",
                "echo '[    0.000000] Linux version (fake)'",
                "echo 'fake monitor: no guest' >&2",
                "exit 0", ""));
        Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwxr-xr-x"));
        String path = bin + ":" + System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        return program -> {
            for (String d : path.split(":")) {
                Path p = Path.of(d, program);
                if (Files.isExecutable(p)) {
                    return p;
                }
            }
            return null;
        };
    }

    /** A trial of {@code monitor}'s variant (made by {@code variant} from a finder) with a fake monitor, from the trial's cgroup. */
    private static Execution runFake(Path tmp, String monitor, Function<Function<String, Path>, Runtime> variant)
            throws Exception {
        Path record = Files.createDirectories(tmp.resolve("record"));
        Runtime runtime = variant.apply(fakeFirst(tmp, monitor, record));
        Path scratch = Files.createDirectories(tmp.resolve("scratch"));
        try (Cgroup cgroup = cgroups.create("test-" + monitor)) {
            Execution e = runtime.execute(new Launch(image.root(), COMMAND, Map.of(), new Limits(2.0, 512L << 20, null),
                    cgroup, scratch, Duration.ofSeconds(30), Stdio.CAPTURE, Map.of("allow-emulated-kvm", "true")));
            String name = cgroup.procsFiles().get(0).getParent().getFileName().toString();
            String seen = Files.readString(record.resolve("cgroup"));
            assertTrue(seen.contains(name), "the monitor runs in the trial's cgroup " + name + ": " + seen);
            return e;
        }
    }

    /** The guest the vm runtime prepares for the same launch. */
    private static GuestPayload.Prepared expectedGuest() throws Exception {
        return GuestPayload.prepare(new GuestPayload.Request(image.root(), null, COMMAND, true, null, Map.of(),
                GuestDevices.VIRTIO_MMIO, List.of()));
    }

    @Test
    void firecrackerIsToldToBootIsobenchsGuest(@TempDir Path tmp) throws Exception {
        Execution e = runFake(tmp, "firecracker", find -> new FirecrackerRuntime(() -> HARDWARE, find));
        Path record = tmp.resolve("record");
        List<String> argv = Files.readAllLines(record.resolve("argv"));
        assertEquals(List.of("--no-api", "--config-file"), argv.subList(0, 2));
        GuestPayload.Prepared guest = expectedGuest();
        JsonNode c = new ObjectMapper().readTree(record.resolve("config.json").toFile());
        Path kernel = Path.of(c.at("/boot-source/kernel_image_path").asText());
        assertEquals(ElfKernel.of(guest.kernel().image()), kernel);
        assertEquals(KernelFile.Format.ELF, KernelFile.format(kernel));
        assertEquals(guest.initramfs().toString(), c.at("/boot-source/initrd_path").asText());
        String cmdline = c.at("/boot-source/boot_args").asText();
        assertEquals(guest.cmdline(), cmdline);
        assertTrue(cmdline.contains("console=ttyS0") && cmdline.contains("reboot=k") && cmdline.contains("isobench.cmd=")
                && cmdline.contains("isobench.scratch=/dev/vda"), cmdline);
        assertEquals(2, c.at("/machine-config/vcpu_count").asInt());
        assertEquals(512, c.at("/machine-config/mem_size_mib").asInt());
        JsonNode drives = c.get("drives");
        assertEquals(1, drives.size(), drives.toString());
        assertEquals("scratch", drives.get(0).get("drive_id").asText());
        assertTrue(drives.get(0).get("path_on_host").asText().startsWith(tmp.resolve("scratch").toString()), drives.toString());
        assertFalse(drives.get(0).get("is_read_only").asBoolean());
        assertFalse(drives.get(0).get("is_root_device").asBoolean());
        assertEquals("Writeback", drives.get(0).get("cache_type").asText());
        // The guest's side cannot be heard: the trial says so, with the console's and the monitor's last lines.
        assertTrue(e.failure().contains("no workload status reached the host")
                && e.failure().contains("last console line: [    0.000000] Linux version (fake)")
                && e.failure().contains("Firecracker said: fake monitor: no guest"), e.failure());
        assertEquals(512L << 20, e.vm().guestMemoryBytes());
    }

    @Test
    void cloudHypervisorIsToldToBootIsobenchsGuest(@TempDir Path tmp) throws Exception {
        Execution e = runFake(tmp, "cloud-hypervisor", find -> new CloudHypervisorRuntime(() -> HARDWARE, find));
        Path record = tmp.resolve("record");
        List<String> argv = Files.readAllLines(record.resolve("argv"));
        GuestPayload.Prepared guest = expectedGuest();
        Path kernel = Path.of(value(argv, "--kernel").get(0));
        assertEquals(ElfKernel.of(guest.kernel().image()), kernel);
        assertTrue(ElfKernel.hasPvhEntry(kernel));
        assertEquals(List.of(guest.initramfs().toString()), value(argv, "--initramfs"));
        assertEquals(List.of(guest.cmdline()), value(argv, "--cmdline"));
        assertEquals(List.of("boot=2"), value(argv, "--cpus"));
        assertEquals(List.of("size=512M,mergeable=off,shared=off"), value(argv, "--memory"));
        List<String> disk = value(argv, "--disk");
        assertEquals(1, disk.size(), argv.toString());
        assertTrue(disk.get(0).startsWith("path=" + tmp.resolve("scratch")) && disk.get(0).endsWith(
                ",readonly=off,direct=off,serial=isobench-scratch"), disk.toString());
        assertEquals(List.of("off"), value(argv, "--console"));
        assertTrue(value(argv, "--serial").get(0).startsWith("file="), argv.toString());
        assertTrue(e.failure().contains("Cloud Hypervisor ended (exit code 0) and no workload status reached the host")
                && e.failure().contains("the console was silent"), e.failure());
    }

    /** The values after {@code flag} up to the next flag. */
    private static List<String> value(List<String> argv, String flag) {
        List<String> v = new ArrayList<>();
        int i = argv.indexOf(flag);
        for (i++; i > 0 && i < argv.size() && !argv.get(i).startsWith("--"); i++) {
            v.add(argv.get(i));
        }
        return v;
    }

    @Test
    void availabilitySaysWhyNotInOneSentence(@TempDir Path tmp) throws Exception {
        Function<String, Path> none = p -> null;
        Availability fc = new FirecrackerRuntime(() -> HARDWARE, none).availability();
        assertEquals("firecracker is not installed (not packaged in Debian 12: a release binary of"
                + " github.com/firecracker-microvm/firecracker (1.8 or later: the guest kernel needs its ACPI device tables),"
                + " on PATH)", fc.reason());
        Availability ch = new CloudHypervisorRuntime(() -> HARDWARE, none).availability();
        assertTrue(ch.reason().startsWith("cloud-hypervisor is not installed (not packaged in Debian 12"), ch.reason());

        // Installed, on a host with emulated KVM: the vm runtime's sentence and the rig's command, at once.
        Path record = Files.createDirectories(tmp.resolve("r"));
        Availability pvm = new FirecrackerRuntime(() -> EMULATED, fakeFirst(tmp, "firecracker", record)).availability();
        assertTrue(pvm.reason().startsWith("KVM is emulated here (PVM); to measure vm:firecracker")
                && pvm.reason().contains("scripts/kvm-rig"), pvm.reason());
        // Installed, hardware KVM: what is not built yet.
        Availability hw = new CloudHypervisorRuntime(() -> HARDWARE, fakeFirst(tmp, "cloud-hypervisor", record)).availability();
        assertFalse(hw.available());
        assertTrue(hw.reason().contains("one serial port (COM1)") && hw.reason().contains("reboots in-process"), hw.reason());
    }
}
