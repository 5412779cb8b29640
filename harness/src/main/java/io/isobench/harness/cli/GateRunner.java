package io.isobench.harness.cli;

import io.isobench.harness.run.UserError;
import io.isobench.model.Results;
import io.isobench.reports.ResultsFiles;
import io.isobench.reports.compare.CompareMarkdown;
import io.isobench.reports.compare.Gate;
import io.isobench.reports.compare.GateReport;
import io.isobench.reports.compare.Incomparable;
import io.isobench.reports.compare.JUnitXml;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;

/** The regression gate as {@code compare} and {@code run --baseline} use it: Markdown on stdout, JUnit XML on request, exit 0/1/2. */
final class GateRunner {
    static final double DEFAULT_MAX_REGRESSION = 5.0;
    static final double DEFAULT_ALPHA = 0.05;

    private GateRunner() {
    }

    static Gate gate(Double maxRegression, Double alpha) throws UserError {
        try {
            return new Gate(maxRegression == null ? DEFAULT_MAX_REGRESSION : maxRegression, alpha == null ? DEFAULT_ALPHA : alpha);
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
    }

    static Results load(String role, Path path) throws UserError {
        try {
            return ResultsFiles.load(path);
        } catch (ResultsFiles.Unusable e) {
            throw new UserError(role + ": " + e.getMessage());
        }
    }

    /** Compares, prints the table, writes the JUnit file; returns 0 (no regression) or 1. */
    static int run(Gate gate, Results base, Results current, Path junit, PrintWriter out) throws UserError {
        GateReport report;
        try {
            report = gate.compare(base, current);
        } catch (Incomparable e) {
            throw new UserError(e.getMessage());
        }
        out.print(CompareMarkdown.render(report));
        out.flush();
        if (junit != null) {
            try {
                Path parent = junit.toAbsolutePath().getParent();
                if (parent != null) {
                    Files.createDirectories(parent);
                }
                Files.writeString(junit, JUnitXml.render(report));
            } catch (IOException e) {
                throw new UserError("cannot write the JUnit report " + junit + ": " + e.getMessage());
            }
        }
        return report.exitCode();
    }
}
