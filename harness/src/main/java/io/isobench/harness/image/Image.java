package io.isobench.harness.image;

import java.nio.file.Path;

/**
 * The shared root filesystem, ready to use.
 *
 * @param root the image directory (the working directory of every workload)
 * @param hash hex SHA-256 over every input it was built from
 */
public record Image(Path root, String hash) {
}
