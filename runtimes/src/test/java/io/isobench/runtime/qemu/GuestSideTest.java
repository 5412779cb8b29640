package io.isobench.runtime.qemu;

import io.isobench.runtime.vm.devices.marker.MarkerCode;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What vm:qemu reads next to QEMU: markers from the debugcon stream, QEMU's memory from smaps. */
class GuestSideTest {
    @Test
    void markersArePairsStampedAtTheirCodeByteInAnyChunking() {
        AtomicLong clock = new AtomicLong(100);
        AtomicInteger ends = new AtomicInteger();
        GuestMarkers m = new GuestMarkers(clock::getAndIncrement, ends::incrementAndGet);
        m.accept(new byte[]{1, 0, 2}, 3);      // init, then setup's code byte alone
        m.accept(new byte[]{0, 3, 0, 4}, 4);   // setup's argument, workload started, exit's code byte
        m.accept(new byte[]{7}, 1);            // exit status 7
        List<GuestMarkers.Arrived> got = m.markers();
        assertEquals(List.of(MarkerCode.INIT_REACHED, MarkerCode.SETUP_DONE, MarkerCode.WORKLOAD_STARTED,
                MarkerCode.WORKLOAD_EXITED), got.stream().map(GuestMarkers.Arrived::code).toList());
        assertEquals(List.of(100L, 101L, 102L, 103L), got.stream().map(GuestMarkers.Arrived::nanoTime).toList());
        assertEquals(7, got.get(3).argument());
        assertEquals(1, ends.get(), "QEMU's memory is read once, at the workload's end");
    }

    @Test
    void markersBeyondTheCapAreCounted() {
        GuestMarkers m = new GuestMarkers(() -> 0, () -> { });
        byte[] flood = new byte[2 * 100];
        java.util.Arrays.fill(flood, (byte) 9);
        m.accept(flood, flood.length);
        assertEquals(GuestMarkers.KEPT, m.markers().size());
        assertEquals(100 - GuestMarkers.KEPT, m.dropped());
    }

    private static QemuCommand command(java.nio.file.Path console) {
        return new QemuCommand(java.nio.file.Path.of("/q"), "microvm", java.nio.file.Path.of("/k"), java.nio.file.Path.of("/i"),
                "x", 1, 512L << 20, null, null, console, java.nio.file.Path.of("/s"), java.nio.file.Path.of("/m"),
                java.nio.file.Path.of("/p"));
    }

    private static io.isobench.runtime.Execution qemuExited(int code, String stderr) {
        return new io.isobench.runtime.Execution(code, false, "", stderr, 10, List.of(new io.isobench.runtime.Mark("launcher", 10),
                new io.isobench.runtime.Mark("exit", 1000)), 5, 5, null, null);
    }

    @Test
    void theWorkloadsExitStatusIsTheExitMarkersAndTheTimelineHasTheGuestsMarks(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) {
        GuestMarkers m = new GuestMarkers(new AtomicLong(100)::getAndIncrement, () -> { });
        m.accept(new byte[]{1, 0, 2, 0, 3, 0, 5, 9}, 8);   // killed by signal 9
        io.isobench.runtime.Execution e = QemuRuntime.execution(qemuExited(0, ""), m, null, new ProcessMemory(300L << 20, 200L << 20),
                command(tmp.resolve("console.log")), "out", "err");
        assertEquals(137, e.exitCode());
        assertEquals(null, e.failure());
        assertEquals(List.of("launcher", "init", "setup", "workload-start", "workload-end", "exit"),
                e.marks().stream().map(io.isobench.runtime.Mark::name).toList());
        assertEquals(200L << 20, e.vm().touchedBytes());
        assertEquals(100L << 20, e.vm().monitorOverheadBytes());
        assertEquals("out", e.stdout());
    }

    @Test
    void aGuestThatNeverEndsItsWorkloadIsAFailureWithTheConsolesAndQemusLastLines(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp)
            throws Exception {
        java.nio.file.Path console = java.nio.file.Files.writeString(tmp.resolve("console.log"), "boot\nKernel panic - not syncing\n\n");
        GuestMarkers m = new GuestMarkers(() -> 0, () -> { });
        m.accept(new byte[]{1, 0}, 2);
        io.isobench.runtime.Execution e = QemuRuntime.execution(qemuExited(1, "qemu: warning\nqemu-system-x86_64: cannot do X\n"),
                m, null, null, command(console), "", "");
        assertEquals("QEMU ended (exit code 1) before the workload ended; last console line: Kernel panic - not syncing;"
                + " QEMU said: qemu-system-x86_64: cannot do X", e.failure());
        m.accept(new byte[]{(byte) 0xEE, 3}, 2);
        e = QemuRuntime.execution(qemuExited(0, ""), m, null, null, command(console), "", "");
        assertEquals("guest-init failed at stage 3: Kernel panic - not syncing", e.failure());
    }

    @Test
    void aBrokenOutputChannelFailsAWorkloadThatEnded(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) {
        GuestMarkers m = new GuestMarkers(() -> 0, () -> { });
        m.accept(new byte[]{4, 0}, 2);
        io.isobench.runtime.Execution e = QemuRuntime.execution(qemuExited(0, ""), m, "the workload's output ends before the end of stderr",
                null, command(tmp.resolve("c")), "", "");
        assertEquals(0, e.exitCode());
        assertEquals("the workload's output ends before the end of stderr", e.failure());
    }

    @Test
    void theGuestRamIsTheLargestMappingOfAtLeastItsSize() {
        List<String> smaps = List.of(
                "55d0c0000000-55d0c0a00000 r-xp 00000000 fd:01 1234   /usr/bin/qemu-system-x86_64",
                "Size:              10240 kB",
                "Rss:                6000 kB",
                "AnonHugePages:         0 kB",
                "7f0000000000-7f0040000000 rw-p 00000000 00:00 0 ",
                "Size:            1048576 kB",
                "Rss:              200000 kB",
                "VmFlags: rd wr mr mw me ac sd hg mg",
                "7f1000000000-7f1002000000 rw-p 00000000 00:00 0 ",
                "Size:              32768 kB",
                "Rss:               30000 kB");
        ProcessMemory p = ProcessMemory.parse(smaps, 1L << 30);
        assertEquals((6000L + 200000 + 30000) << 10, p.rssBytes());
        assertEquals(200000L << 10, p.guestBytes());
        assertEquals(36000L << 10, p.overheadBytes());
    }

    @Test
    void qemusOwnMemoryIsReadFromARealProcess() throws Exception {
        // This JVM stands in for QEMU: no mapping as large as 1 TiB, so no guest part.
        ProcessMemory p = ProcessMemory.read(ProcessHandle.current().pid(), 1L << 40);
        assertTrue(p.rssBytes() > 1 << 20, p.toString());
        assertEquals(0, p.guestBytes());
    }
}
