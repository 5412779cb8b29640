package io.isobench.reports.density;

import io.isobench.model.density.DensityResults;
import io.isobench.reports.charts.RenderedChart;

import java.util.List;

/** report.md of a density run: the table, the charts, the host and the command. */
public final class DensityMarkdown {
    private DensityMarkdown() {
    }

    public static String render(DensityResults r, List<RenderedChart> charts) {
        StringBuilder md = new StringBuilder("# isobench density report\n\n");
        if (r.interrupted()) {
            md.append("> **Interrupted (Ctrl-C)**: the figures are those measured until then.\n\n");
        }
        md.append(section(r, charts));
        md.append("\n## Host and configuration\n\n");
        if (r.host() != null) {
            md.append("- host: ").append(r.host().cpuModel()).append(", ").append(r.host().logicalCores()).append(" CPUs, kernel ")
                    .append(r.host().kernel()).append('\n');
        }
        md.append("- workload: `").append(r.config().workload()).append("`, ").append(r.config().concurrency())
                .append(" started at once, steady ").append(r.config().steadySeconds()).append(" s\n");
        md.append("- started ").append(r.startedAt()).append(", finished ").append(r.finishedAt()).append('\n');
        md.append("- command: `").append(r.config().command()).append("`\n");
        return md.toString();
    }

    /** The density section: table and charts (also usable inside a larger report). */
    public static String section(DensityResults r, List<RenderedChart> charts) {
        StringBuilder md = new StringBuilder("## Density: how many instances at once, how fast, at what memory\n\n");
        List<String> header = DensityTable.header(r);
        md.append('|').append(String.join(" | ", header)).append("|\n|");
        md.append("---|".repeat(header.size())).append('\n');
        for (List<String> row : DensityTable.rows(r)) {
            md.append('|').append(String.join(" | ", row.stream().map(c -> c.replace("|", "\\|")).toList())).append("|\n");
        }
        md.append("\nHost memory in use = MemTotal − MemAvailable (/proc/meminfo); the fit is a least-squares line of "
                + "host memory over ready instances, its slope the marginal cost of one more instance. Other processes on "
                + "the host move these figures too: see the load line.\n\n");
        for (RenderedChart c : charts) {
            md.append("![").append(c.title()).append("](charts/").append(c.name()).append(".svg)\n\n");
        }
        return md.toString();
    }
}
