package io.isobench.runtime.cloudhypervisor;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

class CloudHypervisorCommandTest {
    private static CloudHypervisorCommand command(Path scratch, Path root) {
        return new CloudHypervisorCommand(Path.of("/usr/bin/cloud-hypervisor"), Path.of("/k/vmlinux"), Path.of("/k/i.cpio"),
                "console=ttyS0 isobench.cmd=abc", 2, 1024, scratch, root, Path.of("/w/console.log"));
    }

    @Test
    void bothDisksFollowOneDiskFlagScratchFirstRootReadOnly() {
        List<String> a = command(Path.of("/s/scratch.ext4"), Path.of("/c/root.ext4")).argv();
        int i = a.indexOf("--disk");
        assertEquals(List.of("path=/s/scratch.ext4,readonly=off,direct=off,serial=isobench-scratch",
                "path=/c/root.ext4,readonly=on,direct=off,serial=isobench-root"), a.subList(i + 1, i + 3));
        assertEquals("--serial", a.get(i + 3));
        assertEquals(List.of("/usr/bin/cloud-hypervisor", "--kernel", "/k/vmlinux", "--initramfs", "/k/i.cpio", "--cmdline",
                "console=ttyS0 isobench.cmd=abc", "--cpus", "boot=2", "--memory", "size=1024M,mergeable=off,shared=off"),
                a.subList(0, 11));
    }

    @Test
    void noDiskNoDiskFlagAndNoCommaInAPath() {
        List<String> a = command(null, null).argv();
        assertFalse(a.contains("--disk"));
        assertEquals(List.of("--serial", "file=/w/console.log", "--console", "off"), a.subList(a.size() - 4, a.size()));
        assertThrows(IllegalArgumentException.class, () -> command(Path.of("/s/a,b.ext4"), null).argv());
    }
}
