package io.isobench.runtime.qemu;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class QemuCommandTest {
    private static QemuCommand command(String machine, Path scratch, Path root) {
        return new QemuCommand(Path.of("/usr/bin/qemu-system-x86_64"), machine, Path.of("/k/vmlinuz"), Path.of("/k/initrd.cpio"),
                "console=ttyS0 pci=off isobench.cmd=abc", 2, 1L << 30, scratch, root, Path.of("/w/console.log"),
                Path.of("/w/com2.sock"), Path.of("/w/markers.sock"), Path.of("/w/qemu.pid"));
    }

    /** The value following {@code flag} at its n-th occurrence. */
    private static List<String> values(List<String> argv, String flag) {
        List<String> v = new java.util.ArrayList<>();
        for (int i = 0; i + 1 < argv.size(); i++) {
            if (argv.get(i).equals(flag)) {
                v.add(argv.get(i + 1));
            }
        }
        return v;
    }

    @Test
    void microvmGetsTheDevicesOurMonitorGives() {
        List<String> a = command("microvm", Path.of("/s/scratch.ext4"), null).argv();
        assertEquals("/usr/bin/qemu-system-x86_64", a.get(0));
        assertEquals(List.of("microvm,rtc=off,mem-merge=off,isa-serial=on,acpi=on"), values(a, "-M"));
        assertEquals(List.of("kvm"), values(a, "-accel"));
        assertEquals(List.of("host"), values(a, "-cpu"));
        assertEquals(List.of("2"), values(a, "-smp"));
        assertEquals(List.of("1024M"), values(a, "-m"));
        assertTrue(a.containsAll(List.of("-nodefaults", "-no-user-config", "-no-reboot")));
        assertEquals(List.of("file,id=com1,path=/w/console.log", "socket,id=com2,path=/w/com2.sock",
                "socket,id=markers,path=/w/markers.sock"), values(a, "-chardev"));
        // COM1 through microvm's own serial, COM2 at COM2's port and IRQ (index 1), the markers at 0x600.
        assertEquals(List.of("chardev:com1"), values(a, "-serial"));
        assertEquals(List.of("isa-serial,chardev=com2,index=1", "isa-debugcon,iobase=0x600,chardev=markers",
                "virtio-blk-device,drive=scratch,serial=isobench-scratch"), values(a, "-device"));
        assertEquals(List.of("file=/s/scratch.ext4,format=raw,if=none,id=scratch,cache=writeback"), values(a, "-drive"));
        assertEquals(List.of("/k/vmlinuz"), values(a, "-kernel"));
        assertEquals(List.of("/k/initrd.cpio"), values(a, "-initrd"));
        assertEquals(List.of("console=ttyS0 pci=off isobench.cmd=abc"), values(a, "-append"));
        assertEquals(List.of("/w/qemu.pid"), values(a, "-pidfile"));
    }

    @Test
    void theRootDiskComesAfterTheScratchDiskAndIsReadOnly() {
        List<String> a = command("microvm", Path.of("/s/scratch.ext4"), Path.of("/c/root.ext4")).argv();
        assertEquals(List.of("file=/s/scratch.ext4,format=raw,if=none,id=scratch,cache=writeback",
                "file=/c/root.ext4,format=raw,if=none,id=root,readonly=on"), values(a, "-drive"));
        List<String> devices = values(a, "-device");
        assertTrue(devices.indexOf("virtio-blk-device,drive=scratch,serial=isobench-scratch")
                < devices.indexOf("virtio-blk-device,drive=root,serial=isobench-root"), devices.toString());
    }

    @Test
    void withoutDisksThereIsNoDrive() {
        List<String> a = command("microvm", null, null).argv();
        assertFalse(a.contains("-drive"));
        assertTrue(values(a, "-device").stream().noneMatch(d -> d.startsWith("virtio-blk")));
    }

    @Test
    void q35PutsBothPortsOnSerialAndTheDisksOnPci() {
        List<String> a = command("q35", Path.of("/s/scratch.ext4"), null).argv();
        assertEquals(List.of("q35,mem-merge=off"), values(a, "-M"));
        assertEquals(List.of("chardev:com1", "chardev:com2"), values(a, "-serial"));
        assertEquals(List.of("isa-debugcon,iobase=0x600,chardev=markers", "virtio-blk-pci,drive=scratch,serial=isobench-scratch"),
                values(a, "-device"));
    }

    @Test
    void commasInPathsAreEscapedForQemusOptionSyntax() {
        QemuCommand c = new QemuCommand(Path.of("/q"), "microvm", Path.of("/k"), Path.of("/i"), "x", 1, 512L << 20,
                Path.of("/a,b/scratch"), null, Path.of("/c,1/console"), Path.of("/s"), Path.of("/m"), Path.of("/p"));
        assertTrue(c.argv().contains("file=/a,,b/scratch,format=raw,if=none,id=scratch,cache=writeback"));
        assertTrue(c.argv().contains("file,id=com1,path=/c,,1/console"));
    }

    @Test
    void refusesWhatQemuCannotTake() {
        assertThrows(IllegalArgumentException.class, () -> command("pc", null, null));
        assertThrows(IllegalArgumentException.class, () -> new QemuCommand(Path.of("/q"), "microvm", Path.of("/k"),
                Path.of("/i"), "x", 1, (1L << 30) + 4096, null, null, Path.of("/c"), Path.of("/s"), Path.of("/m"), Path.of("/p")));
        assertThrows(IllegalArgumentException.class, () -> new QemuCommand(Path.of("/q"), "microvm", Path.of("/k"),
                Path.of("/i"), "x", 0, 1L << 30, null, null, Path.of("/c"), Path.of("/s"), Path.of("/m"), Path.of("/p")));
    }
}
