package io.isobench.reports.markdown;

import io.isobench.model.Results;
import io.isobench.reports.Source;
import io.isobench.reports.analysis.Analysis;
import io.isobench.reports.analysis.Comparison;
import io.isobench.reports.analysis.Format;
import io.isobench.reports.analysis.Series;
import io.isobench.reports.analysis.VmSummary;
import io.isobench.reports.figures.Figure;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code report.md}: the summary with verdicts, warnings and the full tables, in GitHub
 * Markdown, fit for a CI job summary or a pull-request comment. With several sources
 * (merged report) the summary has a column per host.
 */
public final class MarkdownReport {
    private MarkdownReport() {
    }

    public static String render(List<Source> sources) {
        StringBuilder md = new StringBuilder();
        md.append("# isobench report\n\n");
        for (Source s : sources) {
            md.append("- ").append(sources.size() > 1 ? "**" + esc(s.label()) + "**: " : "").append(esc(context(s.results()))).append('\n');
        }
        md.append('\n');
        md.append("## Summary\n\n");
        md.append(sources.size() == 1 ? summary(sources.get(0)) : mergedSummary(sources));
        md.append("\nMedian with its 95% bootstrap interval in brackets. A verdict names a difference only when Welch's t-test "
                + "gives p < 0.05 and the 95% interval of the ratio of means excludes 1.\n\n");
        for (Source s : sources) {
            String title = sources.size() > 1 ? " — " + esc(s.label()) : "";
            Analysis a = s.analysis();
            if (!s.warnings().isEmpty() || s.results().interrupted()) {
                md.append("## Warnings").append(title).append("\n\n");
                if (s.results().interrupted()) {
                    md.append("- the run was interrupted: only the trials that finished are included\n");
                }
                s.warnings().forEach(w -> md.append("- ").append(esc(w)).append('\n'));
                md.append('\n');
            }
            md.append(vm(s, title));
            md.append(net(s, title, sources.size() > 1 ? io.isobench.reports.charts.ChartSet.slug(s.label()) + "-" : ""));
            md.append("<details><summary>All figures and comparisons").append(title).append("</summary>\n\n");
            md.append(figures(a)).append('\n').append(comparisons(a)).append("\n</details>\n\n");
            if (s.results().config() != null && s.results().config().command() != null) {
                md.append("Reproduce").append(title).append(": `").append(s.results().config().command().replace("`", "'")).append("`\n\n");
            }
        }
        return md.toString();
    }

    /** Host, date, runtimes and trials in one line. */
    public static String context(Results r) {
        List<String> parts = new ArrayList<>();
        if (r.host() != null) {
            parts.add(r.host().hostname() + " (" + r.host().cpuModel() + ", " + r.host().logicalCores() + " CPUs, "
                    + Format.bytes(r.host().memoryBytes()) + ", kernel " + r.host().kernel() + ", KVM " + r.host().kvmKind()
                    + ", cgroup " + r.host().cgroupMode() + ")");
        }
        if (r.startedAt() != null) {
            parts.add(r.startedAt());
        }
        if (r.config() != null) {
            parts.add("runtimes " + String.join(", ", r.config().runtimes()));
            parts.add(Format.trials(r.config()));
            r.config().unavailable().forEach(u -> parts.add(u.runtime() + " unavailable: " + u.reason()));
        }
        return String.join(" · ", parts);
    }

    private static String summary(Source s) {
        Analysis a = s.analysis();
        StringBuilder md = new StringBuilder();
        md.append("| workload | figure |");
        a.runtimes().forEach(r -> md.append(' ').append(r).append(" |"));
        md.append(" verdict |\n|---|---|");
        a.runtimes().forEach(r -> md.append("---:|"));
        md.append("---|\n");
        for (String w : a.workloads()) {
            Figure f = a.headline(w);
            md.append("| ").append(w).append(" | ").append(esc(Format.figure(f))).append(" |");
            for (String r : a.runtimes()) {
                md.append(' ').append(a.find(r, w, f).map(Format::median).orElse(a.missing(r, w))).append(" |");
            }
            md.append(' ').append(esc(verdicts(a.comparisons(w, f)))).append(" |\n");
        }
        return md.toString();
    }

    private static String mergedSummary(List<Source> sources) {
        StringBuilder md = new StringBuilder("| workload | figure | runtime |");
        sources.forEach(s -> md.append(' ').append(esc(s.label())).append(" |"));
        md.append("\n|---|---|---|");
        sources.forEach(s -> md.append("---:|"));
        md.append('\n');
        Set<String> workloads = new LinkedHashSet<>();
        Set<String> runtimes = new LinkedHashSet<>();
        sources.forEach(s -> {
            workloads.addAll(s.analysis().workloads());
            runtimes.addAll(s.analysis().runtimes());
        });
        for (String w : workloads) {
            Figure f = sources.stream().filter(s -> s.analysis().workloads().contains(w)).findFirst().orElseThrow().analysis().headline(w);
            for (String r : runtimes) {
                List<Optional<Series>> cells = sources.stream().map(s -> s.analysis().find(r, w, f)).toList();
                if (cells.stream().noneMatch(Optional::isPresent)) {
                    continue;
                }
                md.append("| ").append(w).append(" | ").append(esc(Format.figure(f))).append(" | ").append(r).append(" |");
                for (int i = 0; i < sources.size(); i++) {
                    Analysis a = sources.get(i).analysis();
                    String cell = cells.get(i).map(Format::median).orElse("–");
                    String vs = a.comparisons(w, f).stream().filter(c -> c.runtime().equals(r) && c.baseline().equals("bare"))
                            .map(Comparison::verdict).findFirst().orElse(null);
                    md.append(' ').append(cell).append(vs == null ? "" : "<br>" + esc(vs)).append(" |");
                }
                md.append('\n');
            }
        }
        return md.toString();
    }

    /**
     * The network section (Felter-style, one row per runtime, then its charts, which
     * ReportWriter writes to charts/ with {@code chartPrefix}); empty when the run has no net
     * trials that count.
     */
    private static String net(Source s, String title, String chartPrefix) {
        List<io.isobench.reports.analysis.NetSummary> rows = io.isobench.reports.analysis.NetSummary.of(s.results().trials(),
                s.analysis());
        if (rows.isEmpty()) {
            return "";
        }
        List<String> header = io.isobench.reports.analysis.NetSummary.header();
        StringBuilder md = new StringBuilder("## Network").append(title).append("\n\n| ")
                .append(String.join(" | ", header)).append(" |\n|---|---|---|")
                .append("---:|".repeat(header.size() - 3)).append('\n');
        for (var n : rows) {
            md.append("| ").append(esc(n.runtime())).append(" | ").append(esc(n.link())).append(" | ").append(esc(n.offloads()))
                    .append(" | ").append(String.join(" | ", n.cells())).append(" |\n");
        }
        md.append("\n").append(io.isobench.reports.analysis.NetSummary.EXPLANATION).append("\n\n");
        io.isobench.reports.charts.NetCharts.charts(s).forEach((name, chart) -> md.append("![").append(esc(chart.getTitle()))
                .append("](charts/").append(chartPrefix).append(name).append(".png)\n\n"));
        return md.toString();
    }

    /** The VM section: monitor memory and KVM exits by reason; empty when the run has no VM trials that count. */
    private static String vm(Source s, String title) {
        List<VmSummary> rows = VmSummary.of(s.results().trials());
        if (rows.isEmpty()) {
            return "";
        }
        StringBuilder md = new StringBuilder("## VM: monitor memory and exits").append(title).append("\n\n");
        md.append("| workload | runtime | n | guest RAM | touched guest memory | monitor overhead | exits | exits by reason |\n"
                + "|---|---|---:|---:|---:|---:|---:|---|\n");
        for (VmSummary v : rows) {
            md.append("| ").append(v.workload()).append(" | ").append(v.runtime()).append(" | ").append(v.trials())
                    .append(" | ").append(Format.bytes(v.guestMemoryBytes())).append(" | ").append(Format.bytes(v.touchedBytes()))
                    .append(" | ").append(Format.bytes(v.monitorOverheadBytes())).append(" | ").append(v.exitsByReason().isEmpty() ? "–" : Format.number(v.exits()))
                    .append(" | ").append(esc(v.exitsByReasonText())).append(" |\n");
        }
        md.append("\n").append(VmSummary.EXPLANATION).append(' ').append(VmSummary.FIRECRACKER_CONTEXT).append("\n\n");
        return md.toString();
    }

    static String verdicts(List<Comparison> cs) {
        if (cs.isEmpty()) {
            return "–";
        }
        List<String> out = new ArrayList<>();
        for (Comparison c : cs) {
            String v = c.verdict();
            out.add(c.baseline().equals("bare") ? v : v + " (vs " + c.baseline() + ")");
        }
        return String.join("; ", out);
    }

    private static String figures(Analysis a) {
        StringBuilder md = new StringBuilder("| workload | figure | runtime | n | mean | median | stddev | 95% CI mean | 95% CI median | min | max | outliers |\n"
                + "|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
        for (Series s : a.series()) {
            String u = s.figure().unit();
            var d = s.stats();
            md.append("| ").append(s.workload()).append(" | ").append(esc(Format.figure(s.figure()))).append(" | ").append(s.runtime())
                    .append(" | ").append(d.n()).append(" | ").append(Format.value(d.mean(), u)).append(" | ").append(Format.value(d.median(), u))
                    .append(" | ").append(Format.value(d.stddev(), u)).append(" | ").append(Format.interval(d.meanCi(), u))
                    .append(" | ").append(Format.interval(d.medianCi(), u)).append(" | ").append(Format.value(d.min(), u))
                    .append(" | ").append(Format.value(d.max(), u)).append(" | ")
                    .append(d.outliers().isEmpty() ? "" : String.join(", ", d.outliers().stream().map(v -> Format.value(v, u)).toList()))
                    .append(" |\n");
        }
        return md.toString();
    }

    private static String comparisons(Analysis a) {
        StringBuilder lonely = new StringBuilder();
        a.uncompared().forEach((w, with) -> lonely.append("- ").append(w).append(": ")
                .append(with.isEmpty() ? "no runtime has a successful trial" : "only " + with.get(0) + " has successful trials")
                .append('\n'));
        if (a.comparisons().isEmpty()) {
            return "No comparisons: no workload has successful trials in two runtimes.\n\n" + lonely;
        }
        if (!lonely.isEmpty()) {
            lonely.insert(0, "\nNot compared (fewer than two runtimes with successful trials):\n\n");
        }
        StringBuilder md = new StringBuilder("| workload | figure | runtime vs baseline | ratio of means | 95% CI | Welch p | Mann-Whitney p | verdict |\n"
                + "|---|---|---|---:|---:|---:|---:|---|\n");
        for (Comparison c : a.comparisons()) {
            md.append("| ").append(c.workload()).append(" | ").append(esc(Format.figure(c.figure()))).append(" | ")
                    .append(c.runtime()).append(" vs ").append(c.baseline()).append(" | ").append(Format.number(c.ratio().ratio()))
                    .append(" | ").append(Format.interval(c.ratio().ci(), "")).append(" | ").append(Format.p(c.ratio().welchP()))
                    .append(" | ").append(Format.p(c.ratio().mannWhitneyP())).append(" | ").append(esc(c.verdict())).append(" |\n");
        }
        return md.append(lonely).toString();
    }

    /** Table cells must not break the table. */
    static String esc(String s) {
        return s == null ? "" : s.replace("|", "\\|").replace("\n", " ");
    }
}
