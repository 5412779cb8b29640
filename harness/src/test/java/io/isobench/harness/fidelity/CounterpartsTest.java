package io.isobench.harness.fidelity;

import io.isobench.workloads.Length;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The tools' outputs as they print them (captured on the development VM, 2026-12-03), read in the workloads' units. */
class CounterpartsTest {

    @Test
    void opensslSpeedIsThousandsOfBytesPerSecond() {
        String out = """
                version: 3.0.17
                The 'numbers' are in 1000s of bytes per second processed.
                type        1048576 bytes
                sha256         1321205.76k
                """;
        assertEquals(1321.20576, Counterparts.opensslMegabytes(out), 1e-9);
        assertThrows(IllegalArgumentException.class, () -> Counterparts.opensslMegabytes("sha256: unknown"));
    }

    @Test
    void fioJsonGivesBytesPerSecondAndIops() {
        String out = "note: both iodepth >= 1 and synchronous I/O engine are selected\n"
                + "{\"fio version\":\"fio-3.33\",\"jobs\":[{\"jobname\":\"seq-write\",\"read\":{\"iops\":9447.55},"
                + "\"write\":{\"bw_bytes\":299593142,\"iops\":285.7}}]}";
        assertEquals(299.593142, Counterparts.fioJob(out).path("write").path("bw_bytes").asDouble() / 1e6, 1e-9);
        assertEquals(9447.55, Counterparts.fioJob(out).path("read").path("iops").asDouble(), 1e-9);
        assertThrows(IllegalArgumentException.class, () -> Counterparts.fioJob("{\"jobs\":[]}"));
        assertThrows(IllegalArgumentException.class, () -> Counterparts.fioJob("fio: no such option"));
    }

    @Test
    void perfBenchPrintsBinaryGigabytesAndOpsPerSecond() {
        assertEquals(1.939091 * (1L << 30) / 1e9, Counterparts.perfGigabytes("""
                # function 'default' (Default memcpy() provided by glibc)
                # Copying 128MB bytes ...

                       1.939091 GB/sec
                """), 1e-9);
        assertEquals(1000.165652 * (1L << 20) / 1e9, Counterparts.perfGigabytes("    1000.165652 MB/sec"), 1e-9);
        assertEquals(1409977, Counterparts.perfOpsPerSecond("""
                # Executed 1000000 getppid() calls
                     Total time: 0.709 [sec]

                       0.709231 usecs/op
                        1409977 ops/sec
                """));
        assertThrows(IllegalArgumentException.class, () -> Counterparts.perfGigabytes("perf: not found"));
    }

    @Test
    void theToolsAreSizedLikeTheWorkloadsLength() {
        List<Counterpart> quick = Counterparts.standard(Length.QUICK);
        List<Counterpart> normal = Counterparts.standard(Length.NORMAL);
        Counterpart seqQuick = quick.stream().filter(c -> c.workload().equals("io.seq-write")).findFirst().orElseThrow();
        Counterpart seqNormal = normal.stream().filter(c -> c.workload().equals("io.seq-write")).findFirst().orElseThrow();
        // JmhSuite: io files of 32 MiB in quick mode, 256 MiB otherwise.
        assertTrue(seqQuick.command().argv(Path.of("/s")).contains("--size=32M"));
        assertTrue(seqNormal.command().argv(Path.of("/s")).contains("--size=256M"));
        assertTrue(seqNormal.command().argv(Path.of("/s")).contains("--directory=/s"));
        assertEquals(List.of("openssl", "fio", "fio", "perf", "perf"), quick.stream().map(Counterpart::program).toList());
    }
}
