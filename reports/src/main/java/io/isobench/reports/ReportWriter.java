package io.isobench.reports;

import io.isobench.model.Results;

import java.io.IOException;
import java.nio.file.Path;

/** TEMPORARY placeholder (foundation branch) so the harness compiles; the reports module replaces it. */
public final class ReportWriter {
    private ReportWriter() {
    }

    public static void writeAll(Path dir, Results results) throws IOException {
    }
}
