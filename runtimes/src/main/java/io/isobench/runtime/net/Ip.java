package io.isobench.runtime.net;

import io.isobench.runtime.HostTool;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs iproute2's {@code ip}. isobench configures the far end and the bare runtime's veth with
 * {@code ip} rather than its own netlink code: these steps are outside every timed path (the
 * far end is made once per run, bare's link before the instance is spawned), {@code ip} is on
 * every Linux host (Debian: iproute2) and its error messages are already sentences. The
 * container's link, which is inside the timed start, is made by the launcher with netlink.
 */
final class Ip {
    /** ip and nft answer at once; longer means something is wrong with the host. */
    private static final java.time.Duration TIMEOUT = java.time.Duration.ofSeconds(30);

    private Ip() {
    }

    /** {@code ip ARGS...}; throws with ip's own message when it fails. */
    static String run(String... args) throws IOException {
        List<String> argv = new ArrayList<>();
        argv.add("ip");
        argv.addAll(List.of(args));
        return HostTool.run(argv, null, null, TIMEOUT, "iproute2");
    }

    /**
     * Gives an interface its address and brings it up, in the namespace {@code netns} (a name
     * under /run/netns), or in this process's when null: each end of every veth isobench makes.
     */
    static void addressAndUp(String netns, String device, String cidr) throws IOException {
        if (netns == null) {
            run("addr", "add", cidr, "dev", device);
            run("link", "set", device, "up");
        } else {
            run("-n", netns, "addr", "add", cidr, "dev", device);
            run("-n", netns, "link", "set", device, "up");
        }
    }

    /** Like {@link #run} but never throws: for cleanup, where the thing may already be gone. */
    static void quietly(String... args) {
        try {
            run(args);
        } catch (IOException e) {
            // already gone, or nothing more we can do
        }
    }
}
