package io.isobench.runtime.net;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The host's interfaces, routing table and nftables rules as {@code ip -o link},
 * {@code ip route} and {@code nft list ruleset} print them, plus the host-wide IPv4
 * forwarding switch, for before/after comparisons. Other isobench processes run on the same
 * host at the same time, so lines naming another process's links ({@code isb<pid36>-...})
 * and other processes' bridge-nat tables are left out; this process's stay in, so any
 * leftover of ours shows.
 */
public record HostNetState(List<String> links, List<String> routes, List<String> nftables, String ipForward) {

    public static HostNetState snapshot(String ownPrefix) throws IOException, InterruptedException {
        return new HostNetState(filter(ip("-o", "link"), ownPrefix), filter(ip("route"), ownPrefix),
                nftRuleset(ownPrefix), Files.readString(Path.of("/proc/sys/net/ipv4/ip_forward")).strip());
    }

    /** The ruleset's lines without other isobench processes' tables; empty without nft. */
    static List<String> nftRuleset(String ownPrefix) throws IOException, InterruptedException {
        if (Nft.unavailableReason() != null) {
            return List.of();
        }
        String own = BridgeNat.TABLE_PREFIX + LinkNames.ownerPid(ownPrefix + "0") + "_";
        List<String> kept = new ArrayList<>();
        boolean skipping = false;
        for (String line : Nft.run("list", "ruleset").lines().toList()) {
            if (line.startsWith("table ")) {
                skipping = line.contains(BridgeNat.TABLE_PREFIX) && !line.contains(own);
            }
            if (!skipping) {
                kept.add(line);
            }
        }
        return kept;
    }

    /** The names of the host's bridge-nat tables of the process {@code pid}. */
    public static List<String> natTablesOf(long pid) throws IOException {
        if (Nft.unavailableReason() != null) {
            return List.of();
        }
        return Nft.run("list", "tables").lines().map(String::strip)
                .filter(l -> l.startsWith("table ip " + BridgeNat.TABLE_PREFIX + pid + "_")).toList();
    }

    private static List<String> filter(String text, String ownPrefix) {
        return text.lines().filter(l -> !mentionsOthers(l, ownPrefix)).toList();
    }

    private static boolean mentionsOthers(String line, String ownPrefix) {
        for (String word : line.split("[\\s:@]+")) {
            if (LinkNames.ownerPid(word) >= 0 && !word.startsWith(ownPrefix)) {
                return true;
            }
        }
        return false;
    }

    public static String ip(String... args) throws IOException, InterruptedException {
        String[] argv = new String[args.length + 1];
        argv[0] = "ip";
        System.arraycopy(args, 0, argv, 1, args.length);
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("ip " + String.join(" ", args) + " failed: " + out);
        }
        return out;
    }
}
