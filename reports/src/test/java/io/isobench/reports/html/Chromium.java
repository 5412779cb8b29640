package io.isobench.reports.html;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Debian's headless chromium, run as a plain process (scripts/install-deps installs it). */
public final class Chromium {
    private Chromium() {
    }

    /** The DOM after load (scripts run, images decoded), at a window of the given size. */
    public static String dumpDom(Path page, int width, int height) throws Exception {
        return run(page, width, height, "--dump-dom");
    }

    public static void screenshot(Path page, Path png, int width, int height) throws Exception {
        run(page, width, height, "--screenshot=" + png.toAbsolutePath());
    }

    private static String run(Path page, int width, int height, String action) throws Exception {
        Path profile = Files.createTempDirectory("isobench-chromium-");
        try {
            List<String> cmd = new ArrayList<>(List.of("chromium", "--headless", "--no-sandbox", "--disable-gpu",
                    "--disable-dev-shm-usage", "--hide-scrollbars", "--no-first-run", "--user-data-dir=" + profile,
                    "--window-size=" + width + "," + height, "--virtual-time-budget=10000", action,
                    page.toAbsolutePath().toUri().toString()));
            Process p = new ProcessBuilder(cmd).redirectError(profile.resolve("stderr").toFile()).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("chromium did not finish in 60 s");
            }
            if (p.exitValue() != 0) {
                throw new IOException("chromium exited " + p.exitValue() + ": " + Files.readString(profile.resolve("stderr")));
            }
            return new String(out, StandardCharsets.UTF_8);
        } finally {
            try (Stream<Path> walk = Files.walk(profile)) {
                walk.sorted(Comparator.reverseOrder()).forEach(q -> q.toFile().delete());
            }
        }
    }
}
