package io.isobench.harness.cli;

import io.isobench.harness.run.UserError;
import io.isobench.model.density.DensityJson;
import io.isobench.model.density.DensityResults;
import io.isobench.reports.density.DensityGate;
import io.isobench.reports.density.DensityReport;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Lets {@code report} and {@code compare} accept density results: a directory holding
 * density.json (and no results.json), or a density.json file.
 */
final class DensityInputs {
    private DensityInputs() {
    }

    static boolean isDensity(Path p) {
        if (Files.isDirectory(p)) {
            return Files.exists(p.resolve(DensityJson.FILE)) && !Files.exists(p.resolve("results.json"));
        }
        return p.getFileName() != null && p.getFileName().toString().equals(DensityJson.FILE);
    }

    static void mustExist(String role, Path p) throws UserError {
        if (!Files.exists(p)) {
            throw new UserError(role + " " + p + " does not exist");
        }
    }

    static DensityResults load(String role, Path p) throws UserError {
        Path file = DensityJson.locate(p);
        try {
            return DensityJson.read(file);
        } catch (IOException e) {
            throw new UserError("cannot read " + role + " " + file + ": " + e.getMessage());
        }
    }

    /** {@code isobench report DIR}: re-renders a density run's report.md, report.html and charts. */
    static void report(Path input, Path out) throws UserError {
        DensityResults r = load("the density result", input);
        Path dir = out != null ? out : (Files.isDirectory(input) ? input : input.toAbsolutePath().getParent());
        try {
            DensityReport.writeAll(dir, r);
        } catch (IOException e) {
            throw new UserError("cannot write the report into " + dir + ": " + e.getMessage());
        }
    }

    /** {@code isobench compare BASE CURRENT} for density: exit 0 ok, 1 regression. */
    static int compare(Path base, Path current, Double maxRegression, PrintWriter out) throws UserError {
        double max = maxRegression == null ? GateRunner.DEFAULT_MAX_REGRESSION : maxRegression;
        if (!(max >= 0)) {
            throw new UserError("--max-regression must be 0 or more, got " + maxRegression);
        }
        try {
            DensityGate.Verdict v = new DensityGate(max).compare(load("BASE", base), load("CURRENT", current));
            out.print(v.markdown());
            out.flush();
            return v.regression() ? 1 : 0;
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
    }
}
