package io.isobench.runtime.vm.guest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a host tool (apt-cache, apt-get, dpkg) to completion and returns its output. */
final class HostCommand {
    private HostCommand() {
    }

    /** Whether {@code name} is an executable on PATH. */
    static boolean onPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Runs {@code argv} in {@code dir} and returns its stdout.
     *
     * @throws IOException with the command and the tail of its output when it fails or times out
     */
    static String run(List<String> argv, Path dir, Duration timeout) throws IOException {
        // Both outputs go to files, so a tool that hangs with its output open cannot block
        // us past the timeout.
        Path log = Files.createTempFile("isobench-cmd", ".log");
        Path stdout = Files.createTempFile("isobench-cmd", ".out");
        try {
            Process p = new ProcessBuilder(argv).directory(dir == null ? null : dir.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .redirectOutput(stdout.toFile())
                    .redirectError(log.toFile())
                    .start();
            try {
                if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    p.destroyForcibly().waitFor();
                    throw new IOException(String.join(" ", argv) + " did not finish within " + timeout.toSeconds() + " s");
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while running " + argv.get(0), e);
            }
            if (p.exitValue() != 0) {
                String err = Files.readString(log, StandardCharsets.UTF_8).strip();
                if (err.length() > 400) {
                    err = "..." + err.substring(err.length() - 400);
                }
                throw new IOException(String.join(" ", argv) + " failed with exit code " + p.exitValue()
                        + (err.isEmpty() ? "" : ": " + err.replace('\n', ' ')));
            }
            return Files.readString(stdout, StandardCharsets.UTF_8);
        } finally {
            Files.deleteIfExists(log);
            Files.deleteIfExists(stdout);
        }
    }
}
