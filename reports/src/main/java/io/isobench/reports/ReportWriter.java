package io.isobench.reports;

import io.isobench.model.Results;
import io.isobench.reports.charts.ChartSet;
import io.isobench.reports.charts.RenderedChart;
import io.isobench.reports.export.TrialsCsv;
import io.isobench.reports.html.HtmlReport;
import io.isobench.reports.markdown.MarkdownReport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes every report file of a run into its directory: report.md, trials.csv, charts/
 * (SVG and PNG) and report.html. A merged report (several runs) goes the same way.
 */
public final class ReportWriter {
    private ReportWriter() {
    }

    public static void writeAll(Path dir, Results results) throws IOException {
        write(dir, Source.labelled(List.of(results)));
    }

    public static void write(Path dir, List<Source> sources) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("report.md"), MarkdownReport.render(sources));
        List<TrialsCsv.Row> rows = new ArrayList<>();
        for (Source s : sources) {
            s.results().trials().forEach(t -> rows.add(new TrialsCsv.Row(s.label(), t)));
        }
        Files.writeString(dir.resolve("trials.csv"), TrialsCsv.render(rows));
        Path charts = Files.createDirectories(dir.resolve("charts"));
        Map<Source, List<RenderedChart>> rendered = new LinkedHashMap<>();
        for (Source s : sources) {
            // A merged report prefixes each run's charts with its label.
            String prefix = sources.size() > 1 ? ChartSet.slug(s.label()) + "-" : "";
            List<RenderedChart> cs = new ArrayList<>();
            for (RenderedChart c : ChartSet.render(s)) {
                RenderedChart named = new RenderedChart(prefix + c.name(), c.title(), c.svg(), c.png());
                named.writeTo(charts);
                cs.add(named);
            }
            rendered.put(s, cs);
        }
        Files.writeString(dir.resolve("report.html"), HtmlReport.render(sources, rendered));
    }
}
