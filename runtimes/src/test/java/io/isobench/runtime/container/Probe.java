package io.isobench.runtime.container;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** The static test probe (src/test/c/probe/probe.c), built by Maven into test-classes/test-native/. */
final class Probe {
    /** Where {@link #installInto} puts it inside a root filesystem. */
    static final String IN_CONTAINER = "/probe";

    private Probe() {
    }

    static Path path() {
        URL url = Probe.class.getResource("/test-native/probe");
        if (url == null) {
            throw new IllegalStateException("test-native/probe is missing: was runtimes built by Maven (build-test-native)?");
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static void installInto(Path rootfs) throws IOException {
        Files.copy(path(), rootfs.resolve(IN_CONTAINER.substring(1)));
    }

    /** "NAME RESULT" lines as a map NAME -> RESULT (e.g. "unshare/i386" -> "errno 1"). */
    static Map<String, String> results(String stdout) {
        Map<String, String> map = new HashMap<>();
        stdout.lines().filter(l -> l.indexOf(' ') > 0)
                .forEach(l -> map.put(l.substring(0, l.indexOf(' ')), l.substring(l.indexOf(' ') + 1)));
        return map;
    }
}
