package io.isobench.runtime.cgroup;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class CgroupLayoutTest {

    /** This development machine: separate cpu and cpuacct mounts, memory nested, cgroup2 at unified. */
    @Test
    void hybridWithSeparateCpuAndCpuacctAndNestedMemory() throws Exception {
        String cgroup = """
                9:name=systemd:/
                8:pids:/
                7:blkio:/
                4:memory:/process_api/5afc
                2:cpuacct:/
                1:cpu:/
                0::/
                """;
        String mountinfo = """
                31 23 0:28 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755
                32 31 0:29 / /sys/fs/cgroup/cpu rw,relatime - cgroup cgroup rw,cpu
                33 31 0:30 / /sys/fs/cgroup/cpuacct rw,relatime - cgroup cgroup rw,cpuacct
                35 31 0:32 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory
                38 31 0:35 / /sys/fs/cgroup/blkio rw,relatime - cgroup cgroup rw,blkio
                39 31 0:36 / /sys/fs/cgroup/pids rw,relatime - cgroup cgroup rw,pids
                40 31 0:37 / /sys/fs/cgroup/systemd rw,relatime - cgroup cgroup rw,name=systemd
                41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw
                """;
        CgroupLayout layout = CgroupLayout.parse(cgroup, mountinfo);
        assertEquals(CgroupMode.HYBRID, layout.mode());
        assertEquals(Path.of("/sys/fs/cgroup/cpu"), layout.v1().get("cpu"));
        assertEquals(Path.of("/sys/fs/cgroup/cpuacct"), layout.v1().get("cpuacct"));
        assertEquals(Path.of("/sys/fs/cgroup/memory/process_api/5afc"), layout.v1().get("memory"));
        assertEquals(Path.of("/sys/fs/cgroup/unified"), layout.unified());
        assertNull(layout.v1().get("name=systemd"));
        assertEquals(5, layout.v1().size());
    }

    /** Classic v1 with co-mounted cpu,cpuacct, seen from inside a container whose mounts show only its own subtree. */
    @Test
    void v1CoMountedInsideAContainer() throws Exception {
        String cgroup = """
                5:cpu,cpuacct:/docker/abc
                3:memory:/docker/abc/sub
                """;
        String mountinfo = """
                100 90 0:40 /docker/abc /sys/fs/cgroup/cpu,cpuacct ro,nosuid - cgroup cgroup rw,cpu,cpuacct
                101 90 0:41 /docker/abc /sys/fs/cgroup/memory ro,nosuid - cgroup cgroup rw,memory
                """;
        CgroupLayout layout = CgroupLayout.parse(cgroup, mountinfo);
        assertEquals(CgroupMode.V1, layout.mode());
        assertEquals(Path.of("/sys/fs/cgroup/cpu,cpuacct"), layout.v1().get("cpu"));
        assertEquals(Path.of("/sys/fs/cgroup/cpu,cpuacct"), layout.v1().get("cpuacct"));
        assertEquals(Path.of("/sys/fs/cgroup/memory/sub"), layout.v1().get("memory"));
    }

    @Test
    void pureV2InASystemdSession() throws Exception {
        String cgroup = "0::/user.slice/user-0.slice/session-3.scope\n";
        String mountinfo = "25 21 0:22 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime shared:4 - cgroup2 cgroup2 rw,nsdelegate,memory_recursiveprot\n";
        CgroupLayout layout = CgroupLayout.parse(cgroup, mountinfo);
        assertEquals(CgroupMode.V2, layout.mode());
        assertEquals(Path.of("/sys/fs/cgroup/user.slice/user-0.slice/session-3.scope"), layout.unified());
        assertEquals(Path.of("/sys/fs/cgroup"), layout.unifiedRoot());
    }

    @Test
    void mountPointWithEscapedSpace() throws Exception {
        String mountinfo = "25 21 0:22 / /mnt/my\\040cgroup rw - cgroup2 cgroup2 rw\n";
        CgroupLayout layout = CgroupLayout.parse("0::/a\n", mountinfo);
        assertEquals(Path.of("/mnt/my cgroup/a"), layout.unified());
    }

    @Test
    void noCgroupsMountedIsAClearError() {
        var e = assertThrows(java.io.IOException.class, () -> CgroupLayout.parse("0::/\n", ""));
        assertEquals(true, e.getMessage().contains("no cgroup hierarchy"));
    }
}
