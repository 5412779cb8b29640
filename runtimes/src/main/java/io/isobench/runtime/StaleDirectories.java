package io.isobench.runtime;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Per-instance directories named {@code <prefix><pid>-...} whose isobench process no longer
 * exists: what a killed harness left behind, for the next one to sweep.
 */
public final class StaleDirectories {
    private StaleDirectories() {
    }

    public static List<Path> of(Path base, String prefix) {
        List<Path> stale = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(base, prefix + "*")) {
            for (Path p : entries) {
                String rest = p.getFileName().toString().substring(prefix.length());
                int dash = rest.indexOf('-');
                try {
                    if (ProcessHandle.of(Long.parseLong(dash < 0 ? rest : rest.substring(0, dash))).isEmpty()) {
                        stale.add(p);
                    }
                } catch (NumberFormatException notOurs) {
                    // not ours: leave it
                }
            }
        } catch (IOException ignored) {
            // an unreadable temp dir: nothing to sweep
        }
        return stale;
    }
}
