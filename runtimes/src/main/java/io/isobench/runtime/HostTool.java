package io.isobench.runtime;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs one of the host's tools to completion, outside any timed path: iproute2's {@code ip}
 * and {@code nft} for the network, {@code apt-get}, {@code dpkg}, {@code mkfs.ext4} and
 * {@code debugfs} for the VM's kernel and root disk. Returns its standard output; a failure
 * is an exception carrying the command and the tool's own words (their errors are already
 * sentences).
 */
public final class HostTool {
    private HostTool() {
    }

    /**
     * @param dir         working directory, or null for ours
     * @param stdin       text for its standard input, or null for /dev/null
     * @param packageName the Debian package that provides it, named when it cannot be started; or null
     */
    public static String run(List<String> argv, Path dir, String stdin, Duration timeout, String packageName)
            throws IOException {
        // Both outputs go to files, so a tool that hangs with its output open (or one that fills
        // a pipe we are not reading yet) cannot block us past the timeout.
        Path out = Files.createTempFile("isobench-tool", ".out");
        Path err = Files.createTempFile("isobench-tool", ".err");
        try {
            ProcessBuilder pb = new ProcessBuilder(argv).directory(dir == null ? null : dir.toFile())
                    .redirectOutput(out.toFile()).redirectError(err.toFile());
            if (stdin == null) {
                pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            }
            Process p;
            try {
                p = pb.start();
            } catch (IOException e) {
                throw new IOException("cannot run " + argv.get(0)
                        + (packageName == null ? "" : " (" + packageName + " missing?)") + ": " + e.getMessage(), e);
            }
            if (stdin != null) {
                try (OutputStream in = p.getOutputStream()) {
                    in.write(stdin.getBytes(StandardCharsets.UTF_8));
                }
            }
            try {
                if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    p.destroyForcibly().waitFor();
                    throw new IOException(String.join(" ", argv) + " did not finish within " + timeout.toSeconds() + " s");
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while running " + String.join(" ", argv), e);
            }
            String stdout = Files.readString(out, StandardCharsets.UTF_8);
            if (p.exitValue() != 0) {
                String why = Files.readString(err, StandardCharsets.UTF_8).strip();
                if (why.isEmpty()) {
                    why = stdout.strip();
                }
                if (why.length() > 400) {
                    why = "..." + why.substring(why.length() - 400);
                }
                throw new IOException(String.join(" ", argv) + " failed with exit code " + p.exitValue()
                        + (why.isEmpty() ? "" : ": " + why.replace('\n', ' ')));
            }
            return stdout;
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
