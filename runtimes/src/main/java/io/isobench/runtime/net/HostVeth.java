package io.isobench.runtime.net;

import java.io.IOException;

/**
 * Bare metal's link to the far end: a veth pair {@code <link>h} in the host's namespace and
 * {@code <link>f} in the far end, each with its side of the /30, both up. Made with
 * {@code ip} (see {@link Ip} for why) before the instance is spawned, removed after it ended.
 * Should the harness die in between, deleting the far end destroys the pair (both ends of a
 * veth go together), and the next run sweeps a dead run's far end.
 *
 * <p>The host gains exactly one connected route, the /30 of this link; the address block
 * is this run's own ({@link AddressPool}), so concurrent runs never install the same route.
 */
public final class HostVeth implements AutoCloseable {
    /** The link kind a trial records. */
    public static final String KIND = "veth";

    private final String hostName;

    private HostVeth(String hostName) {
        this.hostName = hostName;
    }

    /** The host-side interface's name. */
    public String hostName() {
        return hostName;
    }

    public static HostVeth create(NetAttachment att) throws IOException {
        String host = att.linkName() + "h";
        String far = att.linkName() + "f";
        String ns = att.farEnd().getFileName().toString();
        Ip.run("link", "add", host, "type", "veth", "peer", "name", far, "netns", ns);
        try {
            Ip.addressAndUp(null, host, att.instanceCidr());
            Ip.addressAndUp(ns, far, att.farCidr());
        } catch (IOException e) {
            Ip.quietly("link", "del", host);
            throw e;
        }
        return new HostVeth(host);
    }

    @Override
    public void close() {
        Ip.quietly("link", "del", hostName);
    }
}
