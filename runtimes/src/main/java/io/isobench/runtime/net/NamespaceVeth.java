package io.isobench.runtime.net;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A deployed container runtime's link to the far end: a network namespace of its own,
 * prepared before the runtime starts and handed to it by path (OCI {@code linux.namespaces}
 * {@code network} with a {@code path}), holding {@code lo} up and a veth {@code eth0} whose
 * peer {@code <link>f} lives in the far end — what a CNI plugin does for runc under
 * containerd or Kubernetes. The link is the same kind as isobench's container's (a veth from
 * the instance's namespace); only who makes it, and when, differs. {@link #close()} deletes
 * the namespace, which destroys the pair.
 */
public final class NamespaceVeth implements AutoCloseable {
    /** The link kind a trial records: the same as isobench's container. */
    public static final String KIND = "veth";

    private final String name;

    private NamespaceVeth(String name) {
        this.name = name;
    }

    /** The namespace's file, for the OCI bundle. */
    public Path path() {
        return Path.of("/run/netns", name);
    }

    public static NamespaceVeth create(NetAttachment att) throws IOException {
        String name = "isobench-" + att.linkName();
        String far = att.linkName() + "f";
        String farNs = att.farEnd().getFileName().toString();
        Ip.run("netns", "add", name);
        try {
            Ip.run("-n", name, "link", "set", "lo", "up");
            Ip.run("link", "add", "name", "eth0", "netns", name, "type", "veth", "peer", "name", far, "netns", farNs);
            Ip.addressAndUp(name, "eth0", att.instanceCidr());
            Ip.addressAndUp(farNs, far, att.farCidr());
        } catch (IOException e) {
            Ip.quietly("netns", "del", name);
            throw e;
        }
        return new NamespaceVeth(name);
    }

    @Override
    public void close() {
        Ip.quietly("netns", "del", name);
    }
}
