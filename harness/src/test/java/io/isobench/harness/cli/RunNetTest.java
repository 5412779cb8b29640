package io.isobench.harness.cli;

import io.isobench.model.Metric;
import io.isobench.model.Phase;
import io.isobench.model.ResultsJson;
import io.isobench.model.Status;
import io.isobench.model.Trial;
import io.isobench.runtime.net.FarEnd;
import io.isobench.runtime.net.HostNetState;
import io.isobench.runtime.net.LinkNames;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static io.isobench.harness.cli.RunCommandTest.cli;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code isobench run --runtimes bare,container --workloads net --quick} on the real image
 * (root, as in CI): every net workload ok in both runtimes, and nothing of the run's network
 * left afterwards, whether the run ends normally, by SIGINT, or by SIGKILL (then the next
 * run sweeps it).
 */
class RunNetTest {

    @Test
    void everyNetWorkloadIsOkInBareAndContainerAndTheHostIsUnchanged(@TempDir Path tmp) throws Exception {
        String ownPrefix = LinkNames.forThisProcess().prefix();
        HostNetState before = HostNetState.snapshot(ownPrefix);
        Path out = tmp.resolve("out");
        var r = cli("run", "--runtimes", "bare,container", "--workloads", "net", "--quick", "--trials", "1",
                "--warmups", "0", "--seed", "5", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        List<Trial> trials = ResultsJson.readTrials(out.resolve("trials.jsonl"));
        assertEquals(6, trials.size());
        for (Trial t : trials) {
            assertEquals(Status.OK, t.status(), t.runtime() + " " + t.workload() + ": " + t.reason());
            Set<String> names = t.metrics().stream().map(Metric::name).collect(Collectors.toSet());
            Set<String> expected = switch (t.workload()) {
                case "net.tcp-stream" -> Set.of("throughput", "cpu-per-gb");
                case "net.tcp-rr" -> Set.of("rate", "p50", "p99");
                default -> Set.of("rate");
            };
            assertTrue(names.containsAll(expected), t.workload() + ": " + names);
            assertTrue(names.containsAll(Set.of("link-veth", "offload-tx-checksum", "offload-tso")), names.toString());
            for (Metric m : t.metrics()) {
                assertTrue(m.value() >= 0 && (m.unit().equals("flag") || m.value() > 0), m.toString());
            }
            if (t.runtime().equals("container")) {
                assertTrue(t.timeline().phases().stream().map(Phase::name).toList().contains("network"), t.toString());
            }
        }
        assertEquals(List.of(), ownFarEnds(ProcessHandle.current().pid()));
        assertEquals(before, HostNetState.snapshot(ownPrefix));
    }

    /**
     * {@code container.net=bridge-nat} (Docker's default shape): every net workload ok over the
     * host's bridge and masquerade, and the host's links, routes, nftables rules and
     * forwarding switch as before.
     */
    @Test
    void everyNetWorkloadIsOkOverBridgeNatAndTheHostIsUnchanged(@TempDir Path tmp) throws Exception {
        String ownPrefix = LinkNames.forThisProcess().prefix();
        HostNetState before = HostNetState.snapshot(ownPrefix);
        Path out = tmp.resolve("out");
        var r = cli("run", "--runtimes", "container", "--workloads", "net", "--quick", "--trials", "1",
                "--warmups", "0", "--runtime-option", "container.net=bridge-nat", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        List<Trial> trials = ResultsJson.readTrials(out.resolve("trials.jsonl"));
        assertEquals(3, trials.size());
        for (Trial t : trials) {
            assertEquals(Status.OK, t.status(), t.workload() + ": " + t.reason());
            Set<String> names = t.metrics().stream().map(Metric::name).collect(Collectors.toSet());
            assertTrue(names.contains("link-bridge-nat"), names.toString());
        }
        assertEquals(List.of(), HostNetState.natTablesOf(ProcessHandle.current().pid()));
        assertEquals(before, HostNetState.snapshot(ownPrefix));
    }

    /** SIGINT during a bridge-nat trial: the bridge, its uplink and the nftables table go too. */
    @Test
    void sigintMidNetTrialLeavesNoNamespaceLinkRouteOrRule(@TempDir Path tmp) throws Exception {
        Process p = startChildRun(tmp, true);
        try {
            waitForNatTable(p, tmp);
            new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor();
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "isobench did not stop after SIGINT");
            assertEquals(130, p.exitValue(), Files.readString(tmp.resolve("log")));
            assertEquals(List.of(), ownFarEnds(p.pid()));
            assertNoLinksOf(p.pid());
        } finally {
            p.destroyForcibly();
        }
    }

    /** The second Ctrl-C halts the JVM without shutdown hooks: the far end must still go. */
    @Test
    void aSecondSigintStillRemovesTheFarEnd(@TempDir Path tmp) throws Exception {
        Process p = startChildRun(tmp, false);
        try {
            waitForTrials(p, tmp, 1);
            new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor();
            new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor();
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "isobench did not stop after two SIGINTs");
            assertEquals(130, p.exitValue(), Files.readString(tmp.resolve("log")));
            assertEquals(List.of(), ownFarEnds(p.pid()));
            assertNoLinksOf(p.pid());
        } finally {
            p.destroyForcibly();
        }
    }

    /** Killed during a bridge-nat trial: the far end, bridge and nftables table are swept by the next run. */
    @Test
    void aSigkilledRunsFarEndIsSweptByTheNextRun(@TempDir Path tmp) throws Exception {
        Process p = startChildRun(tmp, true);
        try {
            waitForNatTable(p, tmp);
            new ProcessBuilder("kill", "-KILL", Long.toString(p.pid())).start().waitFor();
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        } finally {
            p.destroyForcibly();
        }
        assertEquals(1, ownFarEnds(p.pid()).size(), "SIGKILL leaves the far end (nothing can run in a killed JVM)");
        assertEquals(1, HostNetState.natTablesOf(p.pid()).size(), "and the bridge-nat table");
        var r = cli("run", "--runtimes", "bare", "--workloads", "net.tcp-rr", "--quick", "--trials", "1", "--warmups", "0",
                "--out", tmp.resolve("next").toString());
        assertEquals(0, r.code(), r.err());
        assertEquals(List.of(), ownFarEnds(p.pid()), "the next run swept it");
        assertNoLinksOf(p.pid());
    }

    /**
     * Without the capabilities a far end needs (root with CAP_NET_ADMIN and CAP_SYS_ADMIN
     * dropped), the net workloads are unavailable with one sentence and the others go on.
     */
    @Test
    void withoutNetworkCapabilitiesTheNetWorkloadsAreUnavailableAndTheOthersRun(@TempDir Path tmp) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path out = tmp.resolve("out");
        Process p = new ProcessBuilder("setpriv", "--inh-caps=-net_admin,-sys_admin", "--bounding-set=-net_admin,-sys_admin",
                java, "-cp", System.getProperty("java.class.path"), "io.isobench.harness.Main", "run", "--runtimes", "bare",
                "--workloads", "startup.noop,net.tcp-rr", "--quick", "--trials", "1", "--warmups", "0", "--out", out.toString())
                .redirectErrorStream(true).redirectOutput(tmp.resolve("log").toFile()).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        String log = Files.readString(tmp.resolve("log"));
        List<Trial> trials = ResultsJson.readTrials(out.resolve("trials.jsonl"));
        Trial noop = trials.stream().filter(t -> t.workload().equals("startup.noop")).findFirst().orElseThrow();
        Trial rr = trials.stream().filter(t -> t.workload().equals("net.tcp-rr")).findFirst().orElseThrow();
        assertEquals(Status.OK, noop.status(), log);
        assertEquals(Status.UNAVAILABLE, rr.status(), log);
        assertEquals("the network workloads need the capabilities CAP_NET_ADMIN and CAP_SYS_ADMIN to create network "
                + "namespaces and veth links, and this process lacks them", rr.reason());
        assertFalse(log.contains("Exception"), log);
    }

    private static Process startChildRun(Path tmp, boolean bridgeNat) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> argv = new java.util.ArrayList<>(List.of("env", "--default-signal=INT", java, "-cp",
                System.getProperty("java.class.path"), "io.isobench.harness.Main", "run", "--runtimes", "bare,container",
                "--workloads", "net", "--quick", "--trials", "20", "--warmups", "0", "--out", tmp.resolve("out").toString()));
        if (bridgeNat) {
            argv.addAll(List.of("--runtime-option", "container.net=bridge-nat"));
        }
        return new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(tmp.resolve("log").toFile()).start();
    }

    /** Until the child is inside a bridge-nat trial: its nftables table exists only then. */
    private static void waitForNatTable(Process p, Path tmp) throws Exception {
        long deadline = System.currentTimeMillis() + 120_000;
        while (HostNetState.natTablesOf(p.pid()).isEmpty()) {
            assertTrue(p.isAlive(), "isobench ended early: " + Files.readString(tmp.resolve("log")));
            assertTrue(System.currentTimeMillis() < deadline, "no bridge-nat trial after 120 s");
            Thread.sleep(20);
        }
    }

    private static void waitForTrials(Process p, Path tmp, int n) throws Exception {
        Path log = tmp.resolve("out").resolve("trials.jsonl");
        long deadline = System.currentTimeMillis() + 120_000;
        while (!Files.exists(log) || Files.readAllLines(log).size() < n) {
            assertTrue(p.isAlive(), "isobench ended early: " + Files.readString(tmp.resolve("log")));
            assertTrue(System.currentTimeMillis() < deadline, "no trial after 120 s");
            Thread.sleep(50);
        }
    }

    /** The far end namespaces a process made (its name carries the pid). */
    static List<String> ownFarEnds(long pid) throws Exception {
        if (!Files.isDirectory(FarEnd.NETNS_DIR)) {
            return List.of();
        }
        try (Stream<Path> list = Files.list(FarEnd.NETNS_DIR)) {
            return list.map(f -> f.getFileName().toString()).filter(n -> n.startsWith(FarEnd.PREFIX + pid + "_")).toList();
        }
    }

    private static void assertNoLinksOf(long pid) throws Exception {
        String prefix = new LinkNames(pid).prefix();
        String links = HostNetState.ip("-o", "link");
        String routes = HostNetState.ip("route");
        assertFalse(links.contains(prefix), links);
        assertFalse(routes.contains(prefix), routes);
        assertEquals(List.of(), HostNetState.natTablesOf(pid));
    }
}
