package io.isobench.runtime.net;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs one of the host's network tools ({@code ip}, {@code nft}) to completion: its output,
 * or an exception carrying the tool's own message (iproute2's and nftables' errors are
 * already sentences). Used only outside timed paths.
 */
final class HostCommand {
    private HostCommand() {
    }

    /**
     * @param argv    the command, e.g. {@code ip link show}
     * @param stdin   text for its standard input, or null for /dev/null
     * @param package the Debian package that provides it, named when it is missing
     */
    static String run(List<String> argv, String stdin, String packageName) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true);
        if (stdin == null) {
            pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        }
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new IOException("cannot run " + argv.get(0) + " (" + packageName + " missing?): " + e.getMessage(), e);
        }
        if (stdin != null) {
            try (OutputStream in = p.getOutputStream()) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("'" + String.join(" ", argv) + "' did not finish in 30 s");
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + String.join(" ", argv), e);
        }
        if (p.exitValue() != 0) {
            throw new IOException("'" + String.join(" ", argv) + "' failed: " + out.strip());
        }
        return out;
    }
}
