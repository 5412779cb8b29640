package io.isobench.harness.workload;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where a workload's own root filesystem comes from: {@code dir:PATH},
 * {@code oci:PATH[:TAG]}, {@code docker-archive:FILE} ({@link ImageRootfs}) and
 * {@code debian:SUITE[:PKG,...]} ({@link DebianRootfs}).
 */
public interface RootfsSource {
    /** The spec as written, e.g. {@code dir:/srv/root}, for messages. */
    String spec();

    /**
     * The directory the runtimes use as root, built or unpacked first if the kind needs it.
     *
     * @throws IllegalArgumentException one sentence: missing, not a directory, ...
     */
    Path prepare();

    /**
     * What identifies the prepared root's contents, or null when only a scan can tell (a
     * {@code dir:}). The roots isobench unpacks or builds live in cache directories named by
     * their digest or key ({@code oci-<manifest digest>}, {@code debian-SUITE-<key>}...), so
     * that name is their content key; the VM keys its root disk by it instead of scanning the tree.
     */
    default String contentKey(Path prepared) {
        return prepared.getFileName().toString();
    }

    /**
     * Parses {@code KIND:VALUE}.
     *
     * @param base what a relative path is relative to (the workload file's directory, or
     *             the working directory for {@code --rootfs})
     * @throws IllegalArgumentException for an unknown or not yet supported kind
     */
    static RootfsSource parse(String spec, Path base) {
        if (spec == null || spec.isBlank()) {
            throw new IllegalArgumentException("rootfs is empty (use dir:PATH)");
        }
        int colon = spec.indexOf(':');
        String kind = colon < 0 ? spec : spec.substring(0, colon);
        String value = colon < 0 ? "" : spec.substring(colon + 1);
        return switch (kind) {
            case "dir" -> {
                if (value.isEmpty()) {
                    throw new IllegalArgumentException("rootfs '" + spec + "' names no directory (use dir:PATH)");
                }
                yield new DirRootfs(spec, base.resolve(value).toAbsolutePath().normalize());
            }
            case "debian" -> DebianRootfs.parse(spec, value);
            case "oci", "docker-archive" -> ImageRootfs.parse(spec, kind, value, base);
            default -> throw new IllegalArgumentException("unknown rootfs kind '" + kind
                    + "' in '" + spec + "' (known: dir:PATH, oci:PATH[:TAG], docker-archive:FILE, debian:SUITE[:PKG,...])");
        };
    }

    /** {@code dir:PATH}: an existing directory, used as it is (never written to, but for mount points; see docs). */
    record DirRootfs(String spec, Path dir) implements RootfsSource {
        /** A directory of the user's: its contents can change at any time, only a scan knows them. */
        @Override
        public String contentKey(Path prepared) {
            return null;
        }

        @Override
        public Path prepare() {
            if (!Files.exists(dir)) {
                throw new IllegalArgumentException("rootfs " + spec + ": " + dir + " does not exist");
            }
            if (!Files.isDirectory(dir)) {
                throw new IllegalArgumentException("rootfs " + spec + ": " + dir + " is not a directory");
            }
            return dir;
        }
    }
}
