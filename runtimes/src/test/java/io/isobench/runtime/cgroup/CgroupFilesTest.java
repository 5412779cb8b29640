package io.isobench.runtime.cgroup;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The file formats, from fixtures: the v2 memory and io files cannot be produced on this
 * hybrid machine (every domain controller is bound to v1), so their parsing is checked
 * here against text in the kernel's documented format (Documentation/admin-guide/cgroup-v2.rst).
 */
class CgroupFilesTest {

    @Test
    void v2IoStatSumsDevices() {
        String ioStat = """
                8:16 rbytes=1459200 wbytes=314773504 rios=192 wios=353 dbytes=0 dios=0
                8:0 rbytes=90430464 wbytes=299008000 rios=8950 wios=1252 dbytes=50331648 dios=3021
                """;
        assertArrayEquals(new long[]{1459200 + 90430464L, 314773504L + 299008000L}, CgroupFiles.parseIoStat(ioStat));
        assertArrayEquals(new long[]{0, 0}, CgroupFiles.parseIoStat(""));
    }

    @Test
    void v1BlkioServiceBytesCountsReadAndWriteNotTotal() {
        String blkio = """
                254:0 Read 4096
                254:0 Write 20971520
                254:0 Sync 20975616
                254:0 Async 0
                254:0 Discard 0
                254:0 Total 20975616
                8:0 Read 100
                8:0 Write 0
                Total 20975716
                """;
        assertArrayEquals(new long[]{4196, 20971520}, CgroupFiles.parseBlkioServiceBytes(blkio));
    }

    @Test
    void keyedFiles() {
        String memoryEvents = """
                low 0
                high 0
                max 17
                oom 2
                oom_kill 1
                oom_group_kill 0
                """;
        assertEquals(1L, CgroupFiles.parseKeyed(memoryEvents).get("oom_kill"));
        String cpuStat = """
                usage_usec 1500
                user_usec 1000
                system_usec 500
                nr_periods 0
                """;
        assertEquals(1000L, CgroupFiles.parseKeyed(cpuStat).get("user_usec"));
        assertEquals(Long.MAX_VALUE, CgroupFiles.parseLong("max\n"));
        assertEquals(42L, CgroupFiles.parseLong("42\n"));
    }

    @Test
    void v1CpuSplitScalesSampledTicksToTheExactTotal() {
        assertArrayEquals(new long[]{750, 250}, CgroupV1.split(1000, 3, 1));
        assertArrayEquals(new long[]{1000, 0}, CgroupV1.split(1000, 0, 0));
        assertArrayEquals(new long[]{0, 1000}, CgroupV1.split(1000, 0, 5));
    }
}
