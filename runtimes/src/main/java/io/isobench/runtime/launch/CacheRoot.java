package io.isobench.runtime.launch;

import java.nio.file.Path;

/**
 * Where isobench keeps what it builds once and reuses (native helpers, the image, guest
 * kernels): {@code $ISOBENCH_CACHE}, else {@code $XDG_CACHE_HOME/isobench}, else
 * {@code ~/.cache/isobench}. Every entry below it is content-addressed, so two versions of
 * isobench never share (or fight over) one entry.
 */
public final class CacheRoot {
    private CacheRoot() {
    }

    public static Path get() {
        String explicit = System.getenv("ISOBENCH_CACHE");
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit).toAbsolutePath();
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        if (xdg != null && !xdg.isBlank()) {
            return Path.of(xdg, "isobench").toAbsolutePath();
        }
        return Path.of(System.getProperty("user.home"), ".cache", "isobench");
    }
}
