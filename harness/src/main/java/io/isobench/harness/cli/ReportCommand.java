package io.isobench.harness.cli;

import io.isobench.harness.run.UserError;
import io.isobench.model.Results;
import io.isobench.reports.ReportWriter;
import io.isobench.reports.ResultsFiles;
import io.isobench.reports.Source;
import io.isobench.reports.export.ExportFormat;
import io.isobench.reports.export.Exports;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code isobench report DIR|FILE...}: re-render one run's reports, or merge several runs into one report. */
@Command(name = "report", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Renders report.html, report.md, trials.csv and charts/ from results. One input is re-rendered "
                + "(into its own directory unless --out is given); several inputs (hosts or runs) are merged into one "
                + "report with a column per host."})
public final class ReportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "DIR|FILE", description = "Run directories, results.json or trials.jsonl files.")
    List<Path> inputs;

    @Option(names = "--out", paramLabel = "DIR", description = "Where to write (default: the input's directory; results/report-<time> when merging).")
    Path out;

    @Option(names = "--export", split = ",", paramLabel = "FORMAT", description = "Also export for CI trackers: github-action-benchmark, bencher.")
    List<String> exports;

    @Override
    public Integer call() {
        try {
            if (inputs.size() == 1 && DensityInputs.isDensity(inputs.get(0))) {
                DensityInputs.report(inputs.get(0), out);
                spec.commandLine().getErr().println("isobench: density report re-rendered");
                return 0;
            }
            List<ExportFormat> formats = formats(exports);
            List<Results> runs = new ArrayList<>();
            for (Path p : inputs) {
                // A run killed before results.json: rebuilt from its trial log first.
                Results rebuilt = rebuild(p);
                runs.add(rebuilt != null ? rebuilt : GateRunner.load(p.toString(), p));
            }
            Path dir = out != null ? out : defaultOut();
            try {
                Files.createDirectories(dir);
            } catch (IOException e) {
                throw new UserError("cannot create the output directory " + dir + ": " + e.getMessage());
            }
            List<Source> sources = Source.labelled(runs);
            try {
                ReportWriter.write(dir, sources);
                for (ExportFormat f : formats) {
                    Exports.write(dir, f, sources);
                }
            } catch (IOException e) {
                throw new UserError("cannot write the report into " + dir + ": " + e.getMessage());
            }
            spec.commandLine().getErr().println("isobench: report in " + dir.resolve("report.html"));
            spec.commandLine().getErr().flush();
            return 0;
        } catch (UserError e) {
            spec.commandLine().getErr().println("isobench: " + e.getMessage());
            spec.commandLine().getErr().flush();
            return 2;
        }
    }

    private Results rebuild(Path dir) throws UserError {
        try {
            return ResultsFiles.rebuild(dir, m -> spec.commandLine().getErr().println("isobench: warning: " + m));
        } catch (ResultsFiles.Unusable e) {
            throw new UserError(e.getMessage());
        }
    }

    static List<ExportFormat> formats(List<String> names) throws UserError {
        List<ExportFormat> out = new ArrayList<>();
        try {
            for (String n : names == null ? List.<String>of() : names) {
                out.add(ExportFormat.parse(n));
            }
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
        return out;
    }

    private Path defaultOut() {
        if (inputs.size() == 1) {
            Path p = inputs.get(0).toAbsolutePath();
            return Files.isDirectory(p) ? p : p.getParent();
        }
        return Path.of("results", "report-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
    }
}
