package io.isobench.runtime.net;

import io.isobench.runtime.HostTool;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs nftables' {@code nft}, for bridge-nat's masquerade rule. nft rather than iptables:
 * it is Debian's default firewall since 10, and a whole table of isobench's own is added and
 * deleted in one step each, leaving every other table of the host as it was.
 */
final class Nft {
    /** ip and nft answer at once; longer means something is wrong with the host. */
    private static final java.time.Duration TIMEOUT = java.time.Duration.ofSeconds(30);

    private Nft() {
    }

    /** Why bridge-nat cannot masquerade on this host, in one sentence, or null when it can. */
    static String unavailableReason() {
        return executable() != null ? null
                : "container.net=bridge-nat masquerades with nft, which is not installed (Debian package nftables)";
    }

    /** nft on the PATH or in the sbin directories (a non-login root shell may lack them on its PATH). */
    private static Path executable() {
        String path = System.getenv().getOrDefault("PATH", "");
        List<String> dirs = new ArrayList<>(List.of(path.split(":")));
        dirs.addAll(List.of("/usr/sbin", "/sbin"));
        for (String dir : dirs) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "nft"))) {
                return Path.of(dir, "nft");
            }
        }
        return null;
    }

    /** {@code nft ARGS...}. */
    static String run(String... args) throws IOException {
        return HostTool.run(argv(args), null, null, TIMEOUT, "nftables");
    }

    /** {@code nft -f -} with {@code rules} on its standard input: one atomic transaction. */
    static void load(String rules) throws IOException {
        HostTool.run(argv("-f", "-"), null, rules, TIMEOUT, "nftables");
    }

    static void quietly(String... args) {
        try {
            run(args);
        } catch (IOException e) {
            // already gone, or nothing more we can do
        }
    }

    private static List<String> argv(String... args) {
        Path nft = executable();
        List<String> argv = new ArrayList<>();
        argv.add(nft == null ? "nft" : nft.toString());
        argv.addAll(List.of(args));
        return argv;
    }
}
