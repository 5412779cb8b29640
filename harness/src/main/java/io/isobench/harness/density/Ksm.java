package io.isobench.harness.density;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Kernel same-page merging state, recorded with the figures: with KSM running, identical
 * pages of instances merge and host memory per instance drops (Kata reports both).
 */
public final class Ksm {
    private static final Path DIR = Path.of("/sys/kernel/mm/ksm");

    private Ksm() {
    }

    /** e.g. {@code run=0 pages_sharing=0 pages_shared=0}, or {@code not available}. */
    public static String state() {
        if (!Files.isDirectory(DIR)) {
            return "not available";
        }
        StringBuilder s = new StringBuilder();
        for (String name : new String[] {"run", "pages_sharing", "pages_shared"}) {
            try {
                s.append(s.length() == 0 ? "" : " ").append(name).append('=').append(Files.readString(DIR.resolve(name)).strip());
            } catch (IOException e) {
                s.append(s.length() == 0 ? "" : " ").append(name).append("=?");
            }
        }
        return s.toString();
    }
}
