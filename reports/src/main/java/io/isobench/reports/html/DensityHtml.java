package io.isobench.reports.html;

import io.isobench.model.density.DensityResults;
import io.isobench.reports.charts.RenderedChart;
import io.isobench.reports.density.DensityTable;

import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/** report.html of a density run: self-contained like the run report (charts inline, same CSP). */
public final class DensityHtml {
    private static final String STYLE = """
            body{font:15px/1.45 system-ui,sans-serif;margin:0 auto;max-width:1100px;padding:12px 16px;color:#1b1b1b}
            table{border-collapse:collapse;margin:.5em 0;font-size:.92em}th,td{border:1px solid #ddd;padding:4px 8px;text-align:left}
            th{background:#f4f4f4}figure img{width:100%;max-width:900px;height:auto;border:1px solid #eee}
            .warn{background:#fff7e0;border-left:4px solid #e0a800;padding:6px 10px}.scroll{overflow-x:auto}
            """;

    private DensityHtml() {
    }

    public static String render(DensityResults r, List<RenderedChart> charts) {
        Html h = new Html();
        h.raw("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .raw("<meta http-equiv=\"Content-Security-Policy\" content=\"" + HtmlReport.CSP + "\">\n")
                .raw("<title>isobench density report</title>\n<style>" + STYLE + "</style>\n</head>\n<body>\n");
        h.el("h1", "isobench density report");
        if (r.interrupted()) {
            h.raw("<p class=\"warn\">").text("Interrupted (Ctrl-C): the figures are those measured until then.").raw("</p>\n");
        }
        h.el("h2", "Density: how many instances at once, how fast, at what memory");
        List<String> header = DensityTable.header(r);
        Set<Integer> numeric = IntStream.range(1, header.size()).boxed().collect(Collectors.toSet());
        h.table(header, DensityTable.rows(r), numeric);
        h.el("p", "Host memory in use = MemTotal − MemAvailable (/proc/meminfo); the fit is a least-squares line of host "
                + "memory over ready instances, its slope the marginal cost of one more instance. Other processes on the "
                + "host move these figures too: see the load line.");
        for (RenderedChart c : charts) {
            h.raw("<figure><img alt=\"").text(c.title()).raw("\" src=\"data:image/png;base64,")
                    .raw(Base64.getEncoder().encodeToString(c.png())).raw("\"><figcaption>").text(c.title()).raw("</figcaption></figure>\n");
        }
        h.el("h2", "Host and configuration");
        if (r.host() != null) {
            h.el("p", r.host().cpuModel() + ", " + r.host().logicalCores() + " CPUs, kernel " + r.host().kernel());
        }
        h.el("p", "workload " + r.config().workload() + ", " + r.config().concurrency() + " started at once, steady "
                + r.config().steadySeconds() + " s; started " + r.startedAt() + ", finished " + r.finishedAt());
        h.el("pre", r.config().command());
        h.raw("</body>\n</html>\n");
        return h.toString();
    }
}
