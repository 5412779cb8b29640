package io.isobench.reports.density;

import io.isobench.model.density.DensityResults;
import io.isobench.reports.charts.DensityCharts;
import io.isobench.reports.charts.RenderedChart;
import io.isobench.reports.html.DensityHtml;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Writes the report files of a density run into its directory: report.md, report.html, charts/. */
public final class DensityReport {
    private DensityReport() {
    }

    public static void writeAll(Path dir, DensityResults results) throws IOException {
        Files.createDirectories(dir);
        List<RenderedChart> charts = DensityCharts.render(results);
        Path chartDir = Files.createDirectories(dir.resolve("charts"));
        for (RenderedChart c : charts) {
            c.writeTo(chartDir);
        }
        Files.writeString(dir.resolve("report.md"), DensityMarkdown.render(results, charts));
        Files.writeString(dir.resolve("report.html"), DensityHtml.render(results, charts));
    }
}
