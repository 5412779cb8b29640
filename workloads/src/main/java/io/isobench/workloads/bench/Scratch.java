package io.isobench.workloads.bench;

import io.isobench.workloads.ImageLayout;

import java.nio.file.Files;
import java.nio.file.Path;

/** The scratch directory the runtime provides to io workloads ({@link ImageLayout#SCRATCH_ENV}). */
public final class Scratch {
    private Scratch() {
    }

    /**
     * @throws IllegalStateException with one sentence when the variable is unset or does not
     *                               name a writable directory
     */
    public static Path dir() {
        String value = System.getenv(ImageLayout.SCRATCH_ENV);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("this workload needs a scratch directory: set " + ImageLayout.SCRATCH_ENV);
        }
        Path dir = Path.of(value);
        if (!Files.isDirectory(dir) || !Files.isWritable(dir)) {
            throw new IllegalStateException(ImageLayout.SCRATCH_ENV + "=" + value + " is not a writable directory");
        }
        return dir;
    }
}
