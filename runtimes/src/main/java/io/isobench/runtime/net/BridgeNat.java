package io.isobench.runtime.net;

import io.isobench.runtime.Owner;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code container.net=bridge-nat}: Docker's default network, docker0's shape, for one far end.
 * In the host's namespace: a bridge {@code isb<pid36>-nat} with the gateway address of a /27
 * (docker0: 172.17.0.1/16), an uplink veth from the host to the far end (the far end stands
 * for "the rest of the network" a Docker host routes to), forwarding on those two interfaces
 * only, and an nftables table of this run's own with Docker's rules: masquerade what leaves
 * the bridge's subnet by any other interface ({@code -s 172.17.0.0/16 ! -o docker0 -j
 * MASQUERADE}) and accept forwarding from the bridge and replies to it. Each container's
 * veth joins the bridge (the launcher does that in the timed start, as Docker's libnetwork
 * does at container start), gets an address on the /27 and one route: the far end's uplink
 * address via the gateway. Docker gives a default route; here nothing else may leave the
 * machine, so a connection to any other address fails with "network unreachable".
 *
 * <p>Why set up per use and not once per run: a NAT rule in the host's namespace turns on
 * connection tracking for <em>all</em> of the host's traffic, bare metal's veth included. So
 * the bridge, uplink and table exist only while a bridge-nat container runs (reference
 * counted: {@code isobench density} runs many at once), and bare trials of the same run are
 * measured without conntrack. Global {@code net.ipv4.ip_forward} is never touched: IPv4
 * forwards by the receiving interface's own {@code forwarding} flag, set on the bridge and
 * the uplink, which vanish with their interfaces.
 *
 * <p>Cleanup: {@link Lease#close()} of the last user, {@link FarEnd#close()}, and, for a
 * SIGKILLed run, the next far end's sweep ({@link #sweepStale}): the table's name carries
 * its owner's pid and start time, the bridge's name its pid.
 */
public final class BridgeNat {
    /** The link kind a trial records. */
    public static final String KIND = "bridge-nat";
    static final String TABLE_PREFIX = "isobench_nat_";
    private static final Pattern TABLE = Pattern.compile("table ip " + TABLE_PREFIX + "(\\d+)_(\\d+)");
    private static final Pattern BRIDGE = Pattern.compile("isb[0-9a-z]{1,5}-nat");
    private static final int PREFIX = 27;

    private final String farNs;
    private final AddressPool pool;
    private final LinkNames links;
    private final String table;
    private final String bridge;
    private int users;
    /** The uplink's stem while set up (host side {@code <stem>h}, far side {@code <stem>f}), else null. */
    private String uplink;

    BridgeNat(String farNs, AddressPool pool, LinkNames links, Owner owner) {
        this.farNs = farNs;
        this.pool = pool;
        this.links = links;
        this.table = TABLE_PREFIX + owner.tag();
        this.bridge = links.prefix() + "nat";
    }

    /** Why bridge-nat cannot be set up on this host (no nft), in one sentence, or null when it can. */
    public static String unavailableReason() {
        return Nft.unavailableReason();
    }

    /** Whether an interface name is an isobench bridge (for the sweep of a dead run's leftovers). */
    static boolean isBridge(String ifname) {
        return BRIDGE.matcher(ifname).matches();
    }

    /** The bridge's name. */
    public String bridge() {
        return bridge;
    }

    /** The nftables table's name (family ip). */
    public String table() {
        return table;
    }

    /**
     * A place on the bridge for one container: sets the bridge up if this is its first user.
     *
     * @throws IOException one sentence: nft missing, or what could not be made
     */
    public static Lease lease(NetAttachment att) throws IOException {
        FarEnd farEnd = FarEnd.find(att.farEnd()).orElseThrow(() -> new IOException(
                "container.net=bridge-nat needs a far end made by this isobench process, not " + att.farEnd()));
        return farEnd.bridgeNat().lease();
    }

    synchronized Lease lease() throws IOException {
        String reason = Nft.unavailableReason();
        if (reason != null) {
            throw new IOException(reason);
        }
        if (users == 0) {
            setUp();
        }
        users++;
        return new Lease(this, pool.nextNatInstance() + "/" + PREFIX, pool.natGateway(), pool.natUplink()[0]);
    }

    private void setUp() throws IOException {
        uplink = links.next();
        String[] up = pool.natUplink();
        try {
            Ip.run("link", "add", bridge, "type", "bridge");
            Ip.addressAndUp(null, bridge, pool.natGateway() + "/" + PREFIX);
            Ip.run("link", "add", uplink + "h", "type", "veth", "peer", "name", uplink + "f", "netns", farNs);
            Ip.addressAndUp(null, uplink + "h", up[1] + "/30");
            Ip.addressAndUp(farNs, uplink + "f", up[0] + "/30");
            forward(bridge);
            forward(uplink + "h");
            Nft.load(rules());
        } catch (IOException e) {
            tearDown();
            throw new IOException("cannot set up bridge-nat: " + e.getMessage(), e);
        }
    }

    /**
     * Docker's masquerade and forward rules for docker0, in a table of this run's own. With
     * counters, as iptables keeps for every rule (and so a test can see the masquerade work).
     */
    String rules() {
        String subnet = pool.natNetwork() + "/" + PREFIX;
        return String.format(Locale.ROOT, """
                table ip %1$s {
                  chain postrouting {
                    type nat hook postrouting priority srcnat; policy accept;
                    ip saddr %2$s oifname != "%3$s" counter masquerade
                  }
                  chain forward {
                    type filter hook forward priority filter; policy accept;
                    oifname "%3$s" ct state related,established counter accept
                    iifname "%3$s" oifname != "%3$s" counter accept
                  }
                }
                """, table, subnet, bridge);
    }

    /** IPv4 forwarding for packets received on this interface only (the host-wide switch stays as it is). */
    private static void forward(String ifname) throws IOException {
        Files.writeString(Path.of("/proc/sys/net/ipv4/conf", ifname, "forwarding"), "1");
    }

    private synchronized void release() {
        if (users > 0 && --users == 0) {
            tearDown();
        }
    }

    /** Removes everything, users or not: the far end is closing. */
    synchronized void close() {
        if (users > 0 || uplink != null) {
            tearDown();
        }
        users = 0;
    }

    private void tearDown() {
        Nft.quietly("delete", "table", "ip", table);
        Ip.quietly("link", "del", bridge);
        if (uplink != null) {
            Ip.quietly("link", "del", uplink + "h");
            uplink = null;
        }
    }

    /**
     * Deletes the nftables tables of runs that no longer exist (their bridges go with
     * {@link FarEnd}'s sweep of host links).
     */
    static void sweepStale(List<String> removed) {
        if (Nft.unavailableReason() != null) {
            return;
        }
        String tables;
        try {
            tables = Nft.run("list", "tables");
        } catch (IOException e) {
            return;
        }
        for (String line : tables.lines().map(String::strip).toList()) {
            Matcher m = TABLE.matcher(line);
            if (m.matches() && !new Owner(Long.parseLong(m.group(1)), Long.parseLong(m.group(2))).alive()) {
                String name = TABLE_PREFIX + m.group(1) + "_" + m.group(2);
                Nft.quietly("delete", "table", "ip", name);
                removed.add(name);
            }
        }
    }

    /**
     * One container's place on the bridge; {@link #close()} when the container is gone (its
     * veth went with its namespace) sets the bridge down if it was the last.
     *
     * @param instanceCidr the container's address, e.g. {@code 198.18.4.226/27}
     * @param gateway      the bridge's address, the next hop to the far end
     * @param farAddress   the far end's uplink address, where the container connects
     */
    public record Lease(BridgeNat owner, String instanceCidr, String gateway, String farAddress)
            implements AutoCloseable {
        public String bridge() {
            return owner.bridge;
        }

        @Override
        public void close() {
            owner.release();
        }
    }
}
