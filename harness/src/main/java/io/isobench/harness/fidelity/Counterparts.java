package io.isobench.harness.fidelity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.isobench.workloads.JmhSuite;
import io.isobench.workloads.Length;

import java.io.IOException;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The established tool for each built-in workload that has one, sized like the workload in
 * the same length (the same file sizes, about the same measuring time). The startup and net
 * workloads have their own comparisons ({@code isobench peers container}, {@code peers net},
 * {@code scripts/net-fidelity}); {@code cpu.matmul}, {@code memory.random-access} and
 * {@code memory.page-faults} have no tool in Debian that does the same.
 */
public final class Counterparts {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Counterparts() {
    }

    /** The workloads compared here, in table order. */
    public static List<Counterpart> standard(Length length) {
        boolean quick = length == Length.QUICK;
        // The tools get the io workloads' own file sizes (JmhSuite's parameters), never a copy of them.
        String size = fileMib("io.seq-write", quick) + "M";
        String randSize = fileMib("io.rand-read", quick) + "M";
        String seconds = quick ? "1" : "3";
        return List.of(
                new Counterpart("cpu.sha256", "throughput", "MB/s", "openssl speed -bytes 1048576 sha256", true,
                        "SHA-256 of a 1 MiB buffer, one thread; both count 10^6 bytes per MB",
                        scratch -> List.of("openssl", "speed", "-bytes", "1048576", "-seconds", seconds, "sha256"),
                        Counterparts::opensslMegabytes),
                new Counterpart("io.seq-write", "throughput", "MB/s", "fio rw=write bs=1M end_fsync=1", true,
                        "a new " + size + "iB file in 1 MiB writes, fsync at the end, timed with the fsync",
                        scratch -> List.of("fio", "--name=seq-write", "--directory=" + scratch, "--rw=write", "--bs=1M",
                                "--size=" + size, "--end_fsync=1", "--ioengine=psync", "--output-format=json"),
                        out -> fioJob(out).path("write").path("bw_bytes").asDouble() / 1e6),
                new Counterpart("io.rand-read", "iops-direct", "IOPS", "fio rw=randread bs=4k direct=1 iodepth=1", true,
                        "random 4 KiB O_DIRECT reads of a " + randSize + "iB file, one at a time",
                        scratch -> List.of("fio", "--name=rand-read", "--directory=" + scratch, "--rw=randread", "--bs=4k",
                                "--size=" + randSize, "--direct=1", "--ioengine=psync", "--time_based", "--runtime=" + seconds,
                                "--output-format=json"),
                        out -> fioJob(out).path("read").path("iops").asDouble()),
                new Counterpart("memory.triad", "bandwidth", "GB/s", "perf bench mem memcpy, glibc (STREAM Copy)", false,
                        "nearest: STREAM's Copy kernel (1 read + 1 write stream) instead of Triad (2 reads + 1 write),"
                                + " counted as STREAM counts (bytes read + written)",
                        scratch -> List.of("perf", "bench", "mem", "memcpy", "--function", "default", "--size", "128MB", "--nr_loops",
                                quick ? "5" : "20"),
                        out -> 2 * perfGigabytes(out)),
                new Counterpart("syscall.rate", "rate", "calls/s", "perf bench syscall basic (getppid)", false,
                        "nearest: getppid(2) from C, the cheapest system call, vs fstat(2) from Java: the floor of"
                                + " a system call on this kernel",
                        scratch -> List.of("perf", "bench", "syscall", "basic", "--loop", quick ? "2000000" : "10000000"),
                        Counterparts::perfOpsPerSecond));
    }

    /** The file size, in MiB, that the io workload {@code id} uses in this length. */
    private static int fileMib(String id, boolean quick) {
        return Integer.parseInt(JmhSuite.forId(id).params(quick).get("mib"));
    }

    /** openssl speed's last line, {@code sha256  1321205.76k}: thousands of bytes per second. */
    static double opensslMegabytes(String out) {
        Matcher m = Pattern.compile("(?m)^sha256\\s+([0-9.]+)k\\s*$").matcher(out);
        if (!m.find()) {
            throw new IllegalArgumentException("no 'sha256 ...k' line in openssl's output");
        }
        return Double.parseDouble(m.group(1)) * 1000 / 1e6;
    }

    static JsonNode fioJob(String out) {
        try {
            JsonNode job = JSON.readTree(out.substring(Math.max(0, out.indexOf('{')))).path("jobs").path(0);
            if (job.isMissingNode()) {
                throw new IllegalArgumentException("fio's JSON output has no job");
            }
            return job;
        } catch (IOException e) {
            throw new IllegalArgumentException("fio's output is not JSON: " + e.getMessage(), e);
        }
    }

    /** perf bench mem's {@code 12.345678 GB/sec} (perf's GB: 2^30 bytes) in 10^9 bytes per second. */
    static double perfGigabytes(String out) {
        Matcher m = Pattern.compile("([0-9.]+) ([KMGT])B/sec").matcher(out);
        if (!m.find()) {
            throw new IllegalArgumentException("no 'N GB/sec' line in perf bench's output");
        }
        int shift = switch (m.group(2)) {
            case "K" -> 10;
            case "M" -> 20;
            case "G" -> 30;
            default -> 40;
        };
        return Double.parseDouble(m.group(1)) * Math.pow(2, shift) / 1e9;
    }

    /** perf bench syscall's {@code 1409977 ops/sec}. */
    static double perfOpsPerSecond(String out) {
        Matcher m = Pattern.compile("(\\d+) ops/sec").matcher(out);
        if (!m.find()) {
            throw new IllegalArgumentException("no 'N ops/sec' line in perf bench's output");
        }
        return Double.parseDouble(m.group(1));
    }
}
