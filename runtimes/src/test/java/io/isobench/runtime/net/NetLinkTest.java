package io.isobench.runtime.net;

import io.isobench.runtime.Execution;
import io.isobench.runtime.Launch;
import io.isobench.runtime.Limits;
import io.isobench.runtime.Runtime;
import io.isobench.runtime.Stdio;
import io.isobench.runtime.bare.BareRuntime;
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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The far end and the links of bare metal and the container, for real (root; CI runs it as
 * root and it fails without): traffic flows over each link and nowhere else, and nothing is
 * left on the host or in the far end afterwards. The far end's server here is busybox's nc
 * answering "hi" to every connection.
 */
class NetLinkTest {
    static final Map<String, String> ENV = Map.of("PATH", "/bin");

    @TempDir
    static Path tmp;
    static Path rootfs;
    static CgroupManager cgroups;
    static FarEnd farEnd;
    static HostNetState before;

    @BeforeAll
    static void farEnd() throws Exception {
        assertNull(FarEnd.unavailableReason(), "this test needs root");
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
        assertFalse(Files.exists(farEnd.path()), "the far end's namespace is gone");
        assertEquals(before, HostNetState.snapshot(LinkNames.forThisProcess().prefix()),
                "the host's interfaces and routes are as before");
    }

    private static Execution run(Runtime runtime, NetAttachment net, String script) throws Exception {
        return run(runtime, net, script, Map.of());
    }

    private static Execution run(Runtime runtime, NetAttachment net, String script, Map<String, String> options)
            throws Exception {
        try (Cgroup cgroup = cgroups.create("test-net-" + runtime.name())) {
            return runtime.execute(new Launch(rootfs, List.of("bin/sh", "-c", script), ENV, Limits.NONE, cgroup, null,
                    Duration.ofSeconds(60), Stdio.CAPTURE, options, net));
        }
    }

    @Test
    void aHostNetworkContainerUsesTheHostsNamespaceAndABareStyleLink() throws Exception {
        NetAttachment net = farEnd.attach();
        Execution e = run(new ContainerRuntime(), net, String.join("; ",
                "nc -w 2 " + net.farAddress() + " " + FarEnd.SERVER_PORT + " </dev/null",
                "ip -o link show " + net.linkName() + "h",
                "echo link=$ISOBENCH_NET_LINK offloads=$ISOBENCH_NET_OFFLOADS"), Map.of("net", "host"));
        assertEquals(0, e.exitCode(), e.stderr());
        assertTrue(e.stdout().contains("hi"), e.stdout() + e.stderr());
        assertTrue(e.stdout().contains(net.linkName() + "h"), "the host's own interface is seen: " + e.stdout());
        assertTrue(e.stdout().contains("link=host-veth offloads=tx-checksum=on,tso=on"), e.stdout());
        assertFalse(HostNetState.ip("-o", "link").contains(net.linkName() + "h"), "the host end is removed");
        var bad = org.junit.jupiter.api.Assertions.assertThrows(io.isobench.runtime.RuntimeFailure.class,
                () -> run(new ContainerRuntime(), net, "true", Map.of("net", "bridged")));
        assertEquals("--net takes veth, host or bridge-nat, not 'bridged'", bad.getMessage());
    }

    @Test
    void theContainerReachesTheFarEndAndNothingElse() throws Exception {
        NetAttachment net = farEnd.attach();
        String other = "198.19.255.254"; // in the benchmark range, outside this link's /30
        Execution e = run(new ContainerRuntime(), net, String.join("; ",
                "nc -w 2 " + net.farAddress() + " " + FarEnd.SERVER_PORT + " </dev/null",
                "ip route",
                "echo offloads=$ISOBENCH_NET_OFFLOADS link=$ISOBENCH_NET_LINK",
                "nc -w 1 " + other + " " + FarEnd.SERVER_PORT + " </dev/null && echo REACHED-OTHER",
                "nc -w 1 1.1.1.1 80 </dev/null && echo REACHED-INTERNET",
                "true"));
        assertEquals(0, e.exitCode(), e.stderr());
        assertTrue(e.stdout().contains("hi"), "the far end answered: " + e.stdout() + e.stderr());
        assertFalse(e.stdout().contains("default"), "no default route in the container: " + e.stdout());
        assertTrue(e.stdout().contains("offloads=tx-checksum=on,tso=on link=veth"), e.stdout());
        assertFalse(e.stdout().contains("REACHED"), e.stdout());
        assertTrue(e.stderr().contains("unreachable") || e.stderr().contains("timed out"), e.stderr());
        assertTrue(e.marks().stream().anyMatch(m -> m.name().equals("network")), e.marks().toString());
    }

    @Test
    void bareReachesTheFarEndOverItsOwnVethWhichGoesAfterwards() throws Exception {
        NetAttachment net = farEnd.attach();
        Execution e = run(new BareRuntime(), net, String.join("; ",
                "bin/busybox nc -w 2 " + net.farAddress() + " " + FarEnd.SERVER_PORT + " </dev/null",
                "bin/busybox ip -o addr show dev " + net.linkName() + "h",
                "echo offloads=$ISOBENCH_NET_OFFLOADS"));
        assertEquals(0, e.exitCode(), e.stderr());
        assertTrue(e.stdout().contains("hi"), e.stdout() + e.stderr());
        assertTrue(e.stdout().contains(net.instanceCidr()), e.stdout());
        assertTrue(e.stdout().contains("offloads=tx-checksum=on,tso=on"), e.stdout());
        assertFalse(HostNetState.ip("-o", "link").contains(net.linkName() + "h"), "the host end is removed");
        waitForOnlyLoopback();
    }

    @Test
    void theFarEndHasNoDefaultRouteAndNoWayOut() throws Exception {
        String routes = HostNetState.ip("-n", farEnd.name(), "route");
        assertFalse(routes.contains("default"), routes);
        Process p = new ProcessBuilder("ip", "-n", farEnd.name(), "route", "get", "1.1.1.1").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        p.waitFor();
        assertNotEquals(0, p.exitValue(), "a route out of the far end: " + out);
        assertTrue(out.contains("unreachable"), out);
    }

    /** Fifty container starts with a link each: every veth goes with its container. */
    @Test
    void fiftyContainerStartsLeaveNoLinkBehind() throws Exception {
        ContainerRuntime container = new ContainerRuntime();
        for (int i = 0; i < 50; i++) {
            NetAttachment net = farEnd.attach();
            Execution e = run(container, net, "nc -w 2 " + net.farAddress() + " " + FarEnd.SERVER_PORT + " </dev/null");
            assertEquals(0, e.exitCode(), "start " + i + ": " + e.stderr());
            assertEquals("hi", e.stdout().strip(), "start " + i);
        }
        waitForOnlyLoopback();
        assertEquals(before, HostNetState.snapshot(LinkNames.forThisProcess().prefix()));
    }

    @Test
    void badLinkSettingsAreOneSentenceFromTheLauncher() throws Exception {
        NetAttachment net = farEnd.attach();
        NetAttachment missing = new NetAttachment(tmp.resolve("no-such-netns"), net.instanceAddress(), net.farAddress(),
                30, net.linkName());
        var failure = org.junit.jupiter.api.Assertions.assertThrows(io.isobench.runtime.RuntimeFailure.class,
                () -> run(new ContainerRuntime(), missing, "true"));
        assertTrue(failure.getMessage().startsWith("cannot open the far end's network namespace"), failure.getMessage());
    }

    /** Namespaces die asynchronously in the kernel: the far end's ends vanish a moment after their containers. */
    static void waitForOnlyLoopback() throws Exception {
        long deadline = System.currentTimeMillis() + 10_000;
        String links;
        do {
            links = HostNetState.ip("-n", farEnd.name(), "-o", "link");
            if (links.lines().count() == 1) {
                break;
            }
            Thread.sleep(50);
        } while (System.currentTimeMillis() < deadline);
        assertEquals(1, links.lines().count(), "links left in the far end: " + links);
    }
}
