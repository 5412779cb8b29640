package io.isobench.runtime.net;

import io.isobench.runtime.Execution;
import io.isobench.runtime.Launch;
import io.isobench.runtime.Limits;
import io.isobench.runtime.RuntimeFailure;
import io.isobench.runtime.Stdio;
import io.isobench.runtime.cgroup.Cgroup;
import io.isobench.runtime.cgroup.CgroupManager;
import io.isobench.runtime.container.BusyboxRootfs;
import io.isobench.runtime.container.ContainerRuntime;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code container.net=bridge-nat} for real (root, nft): the container reaches the far end
 * through the host's bridge, routing and masquerade, and nothing else; the bridge, uplink
 * and table exist only while a container uses them; the host's interfaces, routes, nftables
 * rules and forwarding switch are as before; a dead run's table and bridge are swept.
 */
class BridgeNatTest {
    static final Map<String, String> BRIDGE_NAT = Map.of("net", "bridge-nat");

    @TempDir
    static Path tmp;
    static Path rootfs;
    static CgroupManager cgroups;
    static FarEnd farEnd;
    static HostNetState before;

    @BeforeAll
    static void farEnd() throws Exception {
        assertNull(FarEnd.unavailableReason(), "this test needs root");
        assertNull(Nft.unavailableReason(), "this test needs nft (scripts/install-deps installs nftables)");
        rootfs = BusyboxRootfs.create(tmp.resolve("root"));
        cgroups = CgroupManager.open();
        before = HostNetState.snapshot(LinkNames.forThisProcess().prefix());
        farEnd = HiFarEnd.open(cgroups, rootfs);
    }

    @AfterAll
    static void close() throws Exception {
        if (farEnd == null) {
            return;
        }
        farEnd.close();
        assertEquals(before, HostNetState.snapshot(LinkNames.forThisProcess().prefix()),
                "the host's interfaces, routes, nftables rules and ip_forward are as before");
    }

    private static Execution run(NetAttachment net, String script) throws Exception {
        try (Cgroup cgroup = cgroups.create("test-bridge-nat")) {
            return new ContainerRuntime().execute(new Launch(rootfs, List.of("bin/sh", "-c", script),
                    Map.of("PATH", "/bin", NetAttachment.PEER_ENV, net.farAddress()), Limits.NONE, cgroup, null,
                    Duration.ofSeconds(60), Stdio.CAPTURE, BRIDGE_NAT, net));
        }
    }

    @Test
    void theContainerReachesTheFarEndMasqueradedThroughTheBridgeAndNothingElse() throws Exception {
        NetAttachment net = farEnd.attach();
        BridgeNat nat = farEnd.bridgeNat();
        String other = "198.19.255.254"; // in the benchmark range, outside the run's network
        // The test's own lease keeps the bridge up after the container, so its counter can be read.
        try (BridgeNat.Lease held = BridgeNat.lease(net)) {
            Execution e = run(net, String.join("; ",
                    "echo peer=$ISOBENCH_NET_PEER link=$ISOBENCH_NET_LINK offloads=$ISOBENCH_NET_OFFLOADS",
                    "nc -w 2 $ISOBENCH_NET_PEER " + FarEnd.SERVER_PORT + " </dev/null",
                    "ip route",
                    "nc -w 1 " + net.farAddress() + " " + FarEnd.SERVER_PORT + " </dev/null && echo REACHED-UNROUTED",
                    "nc -w 1 " + other + " " + FarEnd.SERVER_PORT + " </dev/null && echo REACHED-OTHER",
                    "nc -w 1 1.1.1.1 80 </dev/null && echo REACHED-INTERNET",
                    "true"));
            assertEquals(0, e.exitCode(), e.stderr());
            assertTrue(e.stdout().contains("peer=" + held.farAddress() + " link=bridge-nat offloads=tx-checksum=on,tso=on"),
                    e.stdout());
            assertTrue(e.stdout().contains("hi"), "the far end answered: " + e.stdout() + e.stderr());
            assertTrue(e.stdout().contains(held.farAddress() + " via " + held.gateway() + " dev eth0"), e.stdout());
            assertFalse(e.stdout().contains("default"), "no default route in the container: " + e.stdout());
            assertFalse(e.stdout().contains("REACHED"), e.stdout());
            assertEquals(3, e.stderr().lines().filter(l -> l.contains("unreachable")).count(), e.stderr());
            assertTrue(e.marks().stream().anyMatch(m -> m.name().equals("network")), e.marks().toString());

            String table = Nft.run("list", "table", "ip", nat.table());
            Matcher masq = Pattern.compile("counter packets (\\d+) bytes \\d+ masquerade").matcher(table);
            assertTrue(masq.find(), table);
            assertTrue(Long.parseLong(masq.group(1)) >= 1, "the connection was masqueraded: " + table);
            assertEquals("0", Files.readString(Path.of("/proc/sys/net/ipv4/ip_forward")).strip(),
                    "forwarding is per interface; the host-wide switch is untouched (it was 0 before)");
            assertEquals("1", Files.readString(Path.of("/proc/sys/net/ipv4/conf", nat.bridge(), "forwarding")).strip());
        }
        assertFalse(HostNetState.ip("-o", "link").contains(nat.bridge()), "the last lease removes the bridge");
        assertEquals(List.of(), HostNetState.natTablesOf(ProcessHandle.current().pid()), "and the table");
    }

    /** Twenty starts on the bridge (each container a new port, bridge and table made and removed each time). */
    @Test
    void twentyStartsLeaveNothingBehind() throws Exception {
        for (int i = 0; i < 20; i++) {
            NetAttachment net = farEnd.attach();
            Execution e = run(net, "nc -w 2 $ISOBENCH_NET_PEER " + FarEnd.SERVER_PORT + " </dev/null");
            assertEquals(0, e.exitCode(), "start " + i + ": " + e.stderr());
            assertEquals("hi", e.stdout().strip(), "start " + i);
        }
        waitForNoContainerPort();
        assertEquals(before, HostNetState.snapshot(LinkNames.forThisProcess().prefix()));
    }

    /** Namespaces die asynchronously in the kernel: a container's host-side veth end vanishes a moment after it. */
    static void waitForNoContainerPort() throws Exception {
        String prefix = LinkNames.forThisProcess().prefix();
        long deadline = System.currentTimeMillis() + 10_000;
        String links;
        do {
            links = HostNetState.ip("-o", "link");
            if (!links.contains(prefix)) {
                return;
            }
            Thread.sleep(50);
        } while (System.currentTimeMillis() < deadline);
        assertFalse(links.contains(prefix), "links of this process left on the host: " + links);
    }

    /** What a SIGKILLed run leaves (its table and bridge) is deleted by the next far end's sweep. */
    @Test
    void aDeadRunsTableAndBridgeAreSwept() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        long pid = gone.pid();
        String table = BridgeNat.TABLE_PREFIX + pid + "_1";
        String bridge = new LinkNames(pid).prefix() + "nat";
        Nft.load("table ip " + table + " {\n}\n");
        Ip.run("link", "add", bridge, "type", "bridge");
        try {
            List<String> removed = FarEnd.sweepStale();
            assertTrue(removed.containsAll(List.of(table, bridge)), removed.toString());
            assertEquals(List.of(), HostNetState.natTablesOf(pid));
            assertFalse(HostNetState.ip("-o", "link").contains(bridge));
        } finally {
            Nft.quietly("delete", "table", "ip", table);
            Ip.quietly("link", "del", bridge);
        }
    }

    @Test
    void aNetAttachmentWithoutAFarEndOfThisProcessIsOneSentence() {
        NetAttachment net = farEnd.attach();
        NetAttachment foreign = new NetAttachment(tmp.resolve("no-such-netns"), net.instanceAddress(), net.farAddress(),
                30, net.linkName());
        var failure = org.junit.jupiter.api.Assertions.assertThrows(RuntimeFailure.class, () -> run(foreign, "true"));
        assertEquals("container.net=bridge-nat needs a far end made by this isobench process, not "
                + tmp.resolve("no-such-netns"), failure.getMessage());
    }
}
