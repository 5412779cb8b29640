package io.isobench.runtime.net;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The host's interfaces and routing table as {@code ip -o link} and {@code ip route} print
 * them, for before/after comparisons. Other isobench processes run on the same host at the
 * same time, so lines naming another process's links ({@code isb<pid36>-...}) are left out;
 * lines of this process's links stay in, so any leftover of ours shows.
 */
public record HostNetState(List<String> links, List<String> routes) {

    public static HostNetState snapshot(String ownPrefix) throws IOException, InterruptedException {
        return new HostNetState(filter(ip("-o", "link"), ownPrefix), filter(ip("route"), ownPrefix));
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
