package io.isobench.runtime.net;

import java.nio.file.Path;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What one runtime instance needs to reach the run's far end: the far end's network
 * namespace and the two addresses of this instance's own point-to-point link. The harness
 * allocates the addresses (a /30 out of 198.18.0.0/15, RFC 2544) and creates the far end;
 * each runtime creates the link of its own kind (bare: veth from the host namespace;
 * container: veth from its own namespace; VM: a tap living in the far end) and removes it
 * when the instance ends. No route but the link's own prefix is ever installed, so nothing
 * can leave the machine.
 *
 * @param farEnd          the far end's network namespace file (e.g. {@code /run/netns/NAME})
 * @param instanceAddress this instance's side of the link, e.g. {@code 198.18.0.2}
 * @param farAddress      the far end's side, where the server listens, e.g. {@code 198.18.0.1}
 * @param prefixLength    the link's prefix length (30 for a point-to-point /30)
 * @param linkName        a unique interface name stem (at most 12 characters) for this
 *                        instance's link; a runtime may append up to three characters
 */
public record NetAttachment(Path farEnd, String instanceAddress, String farAddress, int prefixLength, String linkName) {
    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
    private static final Pattern NAME = Pattern.compile("[a-z0-9-]{1,12}");
    /** Environment variable that tells a net workload where its server is. */
    public static final String PEER_ENV = "ISOBENCH_NET_PEER";
    /** Environment variable a runtime sets to its link kind (e.g. {@code veth}), recorded by the net workloads. */
    public static final String LINK_ENV = "ISOBENCH_NET_LINK";
    /** Environment variable with the link's offloads ({@code tx-checksum=on,tso=on}), set by the launcher. */
    public static final String OFFLOADS_ENV = "ISOBENCH_NET_OFFLOADS";

    public NetAttachment {
        Objects.requireNonNull(farEnd, "farEnd");
        requireAddress(instanceAddress);
        requireAddress(farAddress);
        if (prefixLength < 8 || prefixLength > 30) {
            throw new IllegalArgumentException("prefix length must be 8..30, got " + prefixLength);
        }
        if (linkName == null || !NAME.matcher(linkName).matches()) {
            throw new IllegalArgumentException("link name must be 1-12 of [a-z0-9-], got " + linkName);
        }
    }

    private static void requireAddress(String a) {
        if (a == null || !IPV4.matcher(a).matches()) {
            throw new IllegalArgumentException("not an IPv4 address: " + a);
        }
        for (String part : a.split("\\.")) {
            if (Integer.parseInt(part) > 255) {
                throw new IllegalArgumentException("not an IPv4 address: " + a);
            }
        }
    }

    /** {@code 198.18.0.2/30}: the instance side with its prefix. */
    public String instanceCidr() {
        return instanceAddress + "/" + prefixLength;
    }

    /** {@code 198.18.0.1/30}: the far side with its prefix. */
    public String farCidr() {
        return farAddress + "/" + prefixLength;
    }
}
