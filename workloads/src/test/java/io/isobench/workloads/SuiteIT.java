package io.isobench.workloads;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs the built image jar as the runtimes do: a real JVM process with the catalog's flags,
 * one per workload in quick mode, and reads its protocol lines back.
 */
class SuiteIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path JAR = Path.of(System.getProperty("isobench.workloadsJar", "missing"));

    record Run(int code, List<String> stdout, String stderr) {
    }

    static Run run(Map<String, String> env, String... args) throws IOException, InterruptedException {
        assertTrue(Files.isRegularFile(JAR), "the image jar is not built: " + JAR);
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(Catalog.JVM_FLAGS);
        cmd.addAll(List.of("-jar", JAR.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().remove(ImageLayout.SCRATCH_ENV);
        pb.environment().putAll(env);
        Process p = pb.start();
        p.getOutputStream().close();
        byte[] err = p.getErrorStream().readAllBytes();
        List<String> out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "workload did not end");
        return new Run(p.exitValue(), out, new String(err, StandardCharsets.UTF_8));
    }

    /** Metric name -> parsed metric object, after checking the ready line comes first. */
    static Map<String, JsonNode> metrics(Run r) throws IOException {
        assertEquals(0, r.code(), r.stderr());
        assertTrue(r.stdout().get(0).startsWith(WorkloadOutput.READY), r.stdout().toString());
        Map<String, JsonNode> m = new HashMap<>();
        for (String line : r.stdout()) {
            if (line.startsWith(WorkloadOutput.METRIC)) {
                JsonNode n = JSON.readTree(line.substring(WorkloadOutput.METRIC.length()));
                m.put(n.get("name").asText(), n);
            }
        }
        return m;
    }

    static void positive(Map<String, JsonNode> m, String name, String unit, boolean higherIsBetter) {
        JsonNode n = m.get(name);
        assertTrue(n != null, "no metric " + name + " in " + m.keySet());
        assertEquals(unit, n.get("unit").asText(), name);
        assertEquals(higherIsBetter, n.get("higherIsBetter").asBoolean(), name);
        double v = n.get("value").asDouble();
        assertTrue(v > 0 && Double.isFinite(v), name + " = " + v);
    }

    @Test
    void jvmHelloPrintsOnlyItsReadyLine() throws Exception {
        Run r = run(Map.of(), "startup.jvm-hello");
        assertEquals(0, r.code(), r.stderr());
        assertEquals(1, r.stdout().size(), r.stdout().toString());
        assertTrue(Long.parseLong(r.stdout().get(0).substring(WorkloadOutput.READY.length())) > 0);
    }

    @Test
    void cpuAndSyscallWorkloadsReportTheirFigures() throws Exception {
        positive(metrics(run(Map.of(), "cpu.sha256", "--quick")), "throughput", "MB/s", true);
        Map<String, JsonNode> matmul = metrics(run(Map.of(), "cpu.matmul", "--quick"));
        positive(matmul, "throughput", "GFLOP/s", true);
        assertEquals(Runtime.getRuntime().availableProcessors(), matmul.get("threads").get("value").asInt());
        positive(metrics(run(Map.of(), "syscall.rate", "--quick")), "rate", "calls/s", true);
    }

    @Test
    void memoryWorkloadsReportTheirFigures() throws Exception {
        positive(metrics(run(Map.of(), "memory.triad", "--quick")), "bandwidth", "GB/s", true);
        positive(metrics(run(Map.of(), "memory.random-access", "--quick")), "latency", "ns", false);
        Map<String, JsonNode> faults = metrics(run(Map.of(), "memory.page-faults", "--quick"));
        positive(faults, "first-touch", "ns/page", false);
        // With 4 KiB pages one fault per page; with THP "always" far fewer. Never more than ~1.
        double perPage = faults.get("faults-per-page").get("value").asDouble();
        assertTrue(perPage > 0 && perPage < 1.1, "faults per page " + perPage);
    }

    @Test
    void ioWorkloadsWriteAndReadInTheScratchDirectory(@TempDir Path scratch) throws Exception {
        Map<String, String> env = Map.of(ImageLayout.SCRATCH_ENV, scratch.toString());
        positive(metrics(run(env, "io.seq-write", "--quick")), "throughput", "MB/s", true);
        assertEquals(32L << 20, Files.size(scratch.resolve("seq-write.dat")));
        Run read = run(env, "io.rand-read", "--quick");
        Map<String, JsonNode> m = metrics(read);
        // The metric names the mode, so direct and cached reads are never compared.
        String name = m.containsKey("iops-direct") ? "iops-direct" : "iops-buffered";
        positive(m, name, "IOPS", true);
        assertTrue(read.stderr().contains("O_DIRECT"), read.stderr());
    }

    @Test
    void badInvocationsExitTwoWithOneSentence(@TempDir Path tmp) throws Exception {
        Run unknown = run(Map.of(), "cpu.nosuch");
        assertEquals(2, unknown.code());
        assertTrue(unknown.stderr().contains("unknown workload 'cpu.nosuch'"), unknown.stderr());
        Run noScratch = run(Map.of(), "io.seq-write", "--quick");
        assertEquals(2, noScratch.code());
        assertTrue(noScratch.stderr().contains(ImageLayout.SCRATCH_ENV), noScratch.stderr());
        Run notDir = run(Map.of(ImageLayout.SCRATCH_ENV, tmp.resolve("missing").toString()), "io.rand-read", "--quick");
        assertEquals(2, notDir.code());
        assertTrue(notDir.stderr().contains("not a writable directory"), notDir.stderr());
        Run badFlag = run(Map.of(), "cpu.sha256", "--fast");
        assertEquals(2, badFlag.code());
        assertTrue(badFlag.stderr().contains("unexpected argument '--fast'"), badFlag.stderr());
    }

    /** The net workloads against the far end's server program, here on loopback. */
    @Test
    void netWorkloadsMeasureAgainstTheNetServer() throws Exception {
        int port;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(Catalog.JVM_FLAGS);
        cmd.addAll(List.of("-jar", JAR.toString(), "net-server", "--port", Integer.toString(port)));
        Process server = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            var lines = new java.io.BufferedReader(new java.io.InputStreamReader(server.getInputStream()));
            assertTrue(lines.readLine().startsWith(WorkloadOutput.READY));
            assertEquals(io.isobench.workloads.net.NetServer.LISTENING + " " + port, lines.readLine());
            Map<String, String> env = Map.of("ISOBENCH_NET_PEER", "127.0.0.1", "ISOBENCH_NET_PORT", Integer.toString(port),
                    "ISOBENCH_NET_LINK", "loopback", "ISOBENCH_NET_OFFLOADS", "tx-checksum=on,tso=off");
            Map<String, JsonNode> stream = metrics(run(env, "net.tcp-stream", "--quick"));
            positive(stream, "throughput", "Gbit/s", true);
            positive(stream, "cpu-per-gb", "ms/GB", false);
            assertEquals(1, stream.get("link-loopback").get("value").asDouble());
            assertEquals(1, stream.get("offload-tx-checksum").get("value").asDouble());
            assertEquals(0, stream.get("offload-tso").get("value").asDouble());
            Map<String, JsonNode> rr = metrics(run(env, "net.tcp-rr", "--quick"));
            positive(rr, "rate", "round trips/s", true);
            positive(rr, "p50", "us", false);
            positive(rr, "p99", "us", false);
            assertTrue(rr.get("p50").get("value").asDouble() <= rr.get("p99").get("value").asDouble());
            positive(metrics(run(env, "net.tcp-crr", "--quick")), "rate", "connections/s", true);
        } finally {
            server.destroyForcibly();
        }
        Run noPeer = run(Map.of(), "net.tcp-rr", "--quick");
        assertEquals(2, noPeer.code());
        assertTrue(noPeer.stderr().strip().startsWith("workloads: net.tcp-rr needs the server's address in ISOBENCH_NET_PEER"),
                noPeer.stderr());
        Run refused = run(Map.of("ISOBENCH_NET_PEER", "127.0.0.1", "ISOBENCH_NET_PORT", Integer.toString(port)),
                "net.tcp-rr", "--quick");
        assertEquals(1, refused.code());
        assertTrue(refused.stderr().contains("failed: Connection refused"), refused.stderr());
    }
}
