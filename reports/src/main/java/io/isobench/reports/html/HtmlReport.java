package io.isobench.reports.html;

import io.isobench.model.HostInfo;
import io.isobench.model.Results;
import io.isobench.model.RunConfig;
import io.isobench.reports.Source;
import io.isobench.reports.analysis.Analysis;
import io.isobench.reports.analysis.Comparison;
import io.isobench.reports.analysis.Exclusion;
import io.isobench.reports.analysis.Format;
import io.isobench.reports.analysis.Series;
import io.isobench.reports.analysis.VmSummary;
import io.isobench.reports.charts.NetCharts;
import io.isobench.reports.charts.RenderedChart;
import io.isobench.reports.figures.Figure;
import io.isobench.reports.stats.Noise;

import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code report.html}: one self-contained file. Charts are inline (PNG data: images, a tenth of
 * the SVG's size since XChart's SVG draws every glyph as a path; the SVGs are in charts/), the
 * style is inline, there is no script, and a Content-Security-Policy forbids every request,
 * so the page renders the same offline, from an e-mail attachment or a CI artifact.
 * Order: summary with verdicts, host and configuration, methodology, each workload in
 * detail, warnings, how to reproduce.
 */
public final class HtmlReport {
    /** Only data: images and the inline style may load; nothing may leave the file. */
    public static final String CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'";

    private static final String STYLE = """
            body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;margin:0 auto;max-width:1100px;padding:12px 16px;color:#1b1b1b}
            h1{font-size:1.6em;margin:.4em 0}h2{margin-top:1.6em;border-bottom:1px solid #ddd;padding-bottom:.2em}h3{margin-top:1.3em}
            .context{color:#555}.scroll{overflow-x:auto;-webkit-overflow-scrolling:touch}
            table{border-collapse:collapse;margin:.5em 0;font-size:.92em}th,td{border:1px solid #ddd;padding:4px 8px;text-align:left;vertical-align:top}
            th{background:#f4f4f4}td.num,th.num{text-align:right;white-space:nowrap}
            .warn{background:#fff7e0;border-left:4px solid #e0a800;padding:6px 10px;margin:4px 0}
            figure{margin:1em 0}figure img{width:100%;max-width:900px;height:auto;border:1px solid #eee}
            figcaption{color:#555;font-size:.9em}pre{background:#f4f4f4;padding:8px;overflow-x:auto;white-space:pre-wrap}
            .worse{color:#b00020}.better{color:#0a7a2f}
            """;

    private HtmlReport() {
    }

    public static String render(List<Source> sources, Map<Source, List<RenderedChart>> charts) {
        Html h = new Html();
        h.raw("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .raw("<meta http-equiv=\"Content-Security-Policy\" content=\"" + CSP + "\">\n")
                .raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .raw("<title>isobench report</title>\n<style>" + STYLE + "</style>\n</head>\n<body>\n");
        h.el("h1", "isobench report");
        for (Source s : sources) {
            h.raw("<p class=\"context\">").raw(sources.size() > 1 ? "<b>" + Html.esc(s.label()) + "</b>: " : "")
                    .text(io.isobench.reports.markdown.MarkdownReport.context(s.results())).raw("</p>\n");
        }
        long warnings = sources.stream().mapToLong(s -> s.warnings().size()).sum();
        if (warnings > 0) {
            h.raw("<p class=\"warn\"><a href=\"#warnings\">" + warnings + " warning" + (warnings == 1 ? "" : "s") + "</a> below.</p>\n");
        }

        h.el("h2", "Summary");
        summary(h, sources);
        h.raw("<p>Median of the trials with its 95% bootstrap interval in brackets. A verdict names a difference only when "
                + "Welch's t-test gives p &lt; 0.05 and the 95% interval of the ratio of means excludes 1.</p>\n");

        vm(h, sources);
        net(h, sources, charts);

        h.el("h2", "Host and configuration");
        for (Source s : sources) {
            hostAndConfig(h, s, sources.size() > 1);
        }

        h.el("h2", "Methodology");
        methodology(h);

        for (Source s : sources) {
            String suffix = sources.size() > 1 ? " — " + s.label() : "";
            List<RenderedChart> cs = charts.getOrDefault(s, List.of());
            Analysis a = s.analysis();
            h.el("h2", "Charts" + suffix);
            for (RenderedChart c : cs) {
                if (!NetCharts.isNetChart(c.name())) {
                    chart(h, c);
                }
            }
            for (String w : a.workloads()) {
                workload(h, a, w, suffix);
            }
            excluded(h, s, suffix);
        }

        h.raw("<h2 id=\"warnings\">Warnings</h2>\n");
        boolean any = false;
        for (Source s : sources) {
            String prefix = sources.size() > 1 ? s.label() + ": " : "";
            if (s.results().interrupted()) {
                h.raw("<p class=\"warn\">").text(prefix + "the run was interrupted: only the trials that finished are included").raw("</p>\n");
                any = true;
            }
            for (String w : s.warnings()) {
                h.raw("<p class=\"warn\">").text(prefix + w).raw("</p>\n");
                any = true;
            }
        }
        if (!any) {
            h.el("p", "None: no noisy figure, no outlier, no failed trial.");
        }

        h.el("h2", "Reproduce");
        for (Source s : sources) {
            RunConfig c = s.results().config();
            h.raw("<p>").text((sources.size() > 1 ? s.label() + ": " : "") + "on a host like the one above, run").raw("</p>\n<pre>")
                    .text(c == null || c.command() == null ? "(command not recorded)" : c.command() + (c.command().contains("--seed") ? "" : " --seed " + c.seed()))
                    .raw("</pre>\n");
            if (c != null && c.imageHash() != null) {
                h.raw("<p>").text("Identical workload bits have image hash " + c.imageHash() + " (isobench " + c.version() + ").").raw("</p>\n");
            }
        }
        h.raw("</body>\n</html>\n");
        return h.toString();
    }

    private static void summary(Html h, List<Source> sources) {
        if (sources.size() == 1) {
            Analysis a = sources.get(0).analysis();
            List<String> header = new ArrayList<>(List.of("workload", "figure"));
            header.addAll(a.runtimes());
            header.add("verdict");
            List<List<String>> rows = new ArrayList<>();
            for (String w : a.workloads()) {
                Figure f = a.headline(w);
                List<String> row = new ArrayList<>(List.of(w, Format.figure(f)));
                a.runtimes().forEach(r -> row.add(a.find(r, w, f).map(Format::median).orElse(a.missing(r, w))));
                row.add(verdicts(a.comparisons(w, f)));
                rows.add(row);
            }
            h.table(header, rows, range(2, 2 + a.runtimes().size()));
            return;
        }
        List<String> header = new ArrayList<>(List.of("workload", "figure", "runtime"));
        sources.forEach(s -> header.add(s.label()));
        Set<String> workloads = new LinkedHashSet<>();
        Set<String> runtimes = new LinkedHashSet<>();
        sources.forEach(s -> {
            workloads.addAll(s.analysis().workloads());
            runtimes.addAll(s.analysis().runtimes());
        });
        List<List<String>> rows = new ArrayList<>();
        for (String w : workloads) {
            Figure f = sources.stream().filter(s -> s.analysis().workloads().contains(w)).findFirst().orElseThrow().analysis().headline(w);
            for (String r : runtimes) {
                List<Optional<Series>> cells = sources.stream().map(s -> s.analysis().find(r, w, f)).toList();
                if (cells.stream().noneMatch(Optional::isPresent)) {
                    continue;
                }
                List<String> row = new ArrayList<>(List.of(w, Format.figure(f), r));
                for (int i = 0; i < sources.size(); i++) {
                    String vs = sources.get(i).analysis().comparisons(w, f).stream()
                            .filter(c -> c.runtime().equals(r) && c.baseline().equals("bare")).map(Comparison::verdict).findFirst().orElse(null);
                    row.add(cells.get(i).map(Format::median).orElse("–") + (vs == null ? "" : " — " + vs));
                }
                rows.add(row);
            }
        }
        h.table(header, rows, Set.of());
    }

    /** Monitor memory and KVM exits by reason of the VM trials; nothing when no run has VM trials that count. */
    private static void vm(Html h, List<Source> sources) {
        Map<Source, List<VmSummary>> bySource = new java.util.LinkedHashMap<>();
        sources.forEach(s -> bySource.put(s, VmSummary.of(s.results().trials())));
        if (bySource.values().stream().allMatch(List::isEmpty)) {
            return;
        }
        h.el("h2", "VM: monitor memory and exits");
        bySource.forEach((s, rows) -> {
            if (rows.isEmpty()) {
                return;
            }
            if (sources.size() > 1) {
                h.el("h3", s.label());
            }
            h.table(List.of("workload", "runtime", "n", "guest RAM", "touched guest memory", "monitor overhead", "exits", "exits by reason"),
                    rows.stream().map(v -> List.of(v.workload(), v.runtime(), String.valueOf(v.trials()),
                            Format.bytes(v.guestMemoryBytes()), Format.bytes(v.touchedBytes()), Format.bytes(v.monitorOverheadBytes()),
                            Format.number(v.exits()), v.exitsByReasonText())).toList(), range(2, 7));
        });
        h.el("p", VmSummary.EXPLANATION + " " + VmSummary.FIRECRACKER_CONTEXT);
    }

    /**
     * The network comparison per runtime (Felter-style): the table, then its charts; nothing
     * when no run has net trials that count.
     */
    private static void net(Html h, List<Source> sources, Map<Source, List<RenderedChart>> charts) {
        Map<Source, List<io.isobench.reports.analysis.NetSummary>> bySource = new java.util.LinkedHashMap<>();
        sources.forEach(s -> bySource.put(s, io.isobench.reports.analysis.NetSummary.of(s.results().trials(), s.analysis())));
        if (bySource.values().stream().allMatch(List::isEmpty)) {
            return;
        }
        h.el("h2", "Network");
        bySource.forEach((s, rows) -> {
            if (rows.isEmpty()) {
                return;
            }
            if (sources.size() > 1) {
                h.el("h3", s.label());
            }
            List<String> header = io.isobench.reports.analysis.NetSummary.header();
            h.table(header, rows.stream().map(n -> {
                List<String> row = new java.util.ArrayList<>(List.of(n.runtime(), n.link(), n.offloads()));
                row.addAll(n.cells());
                return row;
            }).toList(), range(3, header.size()));
            for (RenderedChart c : charts.getOrDefault(s, List.of())) {
                if (NetCharts.isNetChart(c.name())) {
                    chart(h, c);
                }
            }
        });
        h.el("p", io.isobench.reports.analysis.NetSummary.EXPLANATION);
    }

    private static String verdicts(List<Comparison> cs) {
        if (cs.isEmpty()) {
            return "–";
        }
        return cs.stream().map(c -> c.baseline().equals("bare") ? c.verdict() : c.verdict() + " (vs " + c.baseline() + ")")
                .collect(Collectors.joining("; "));
    }

    private static void hostAndConfig(Html h, Source s, boolean titled) {
        Results r = s.results();
        if (titled) {
            h.el("h3", s.label());
        }
        List<List<String>> rows = new ArrayList<>();
        HostInfo host = r.host();
        if (host != null) {
            rows.add(List.of("host", host.hostname()));
            rows.add(List.of("CPU", host.cpuModel() + " (" + host.physicalCores() + " cores, " + host.logicalCores() + " threads)"));
            rows.add(List.of("memory", Format.bytes(host.memoryBytes())));
            rows.add(List.of("OS / kernel", host.os() + " / " + host.kernel()));
            rows.add(List.of("KVM", String.valueOf(host.kvmKind())));
            rows.add(List.of("cgroups", String.valueOf(host.cgroupMode())));
        }
        if (r.startedAt() != null) {
            rows.add(List.of("run", r.startedAt() + " → " + (r.finishedAt() == null ? "?" : r.finishedAt()) + (r.interrupted() ? " (interrupted)" : "")));
        } else {
            rows.add(List.of("run", "rebuilt from trials.jsonl: host and configuration were not recorded"));
        }
        RunConfig c = r.config();
        if (c != null) {
            rows.add(List.of("runtimes", String.join(", ", c.runtimes())));
            c.unavailable().forEach(u -> rows.add(List.of("unavailable", u.runtime() + ": " + u.reason())));
            rows.add(List.of("workloads", String.join(", ", c.workloads())));
            rows.add(List.of("trials", Format.trials(c)));
            rows.add(List.of("limits", (c.cpus() == null ? "no CPU limit" : c.cpus() + " CPUs") + ", "
                    + (c.memoryBytes() == null ? "no memory limit" : Format.bytes(c.memoryBytes()))));
            rows.add(List.of("seed", String.valueOf(c.seed())));
            rows.add(List.of("isobench", c.version() + ", image " + c.imageHash()));
        }
        h.table(List.of("", ""), rows, Set.of());
    }

    private static void methodology(Html h) {
        h.raw("<ul>\n");
        for (String line : List.of(
                "Every trial runs in a fresh runtime instance inside its own cgroup; trials of all runtimes are interleaved in a seeded random order so drift spreads evenly.",
                "Every instance is started from the harness's JVM with glibc's posix_spawn (one exec, no helper process); the time that takes for a static no-op is measured before and after the run (host condition spawn.floor): startup differences smaller than it are not resolved.",
                "Warm-up trials are run and shown, not counted; failed, timed-out and unavailable trials are listed with their reason and not counted.",
                "Per figure: n, mean, median, standard deviation, min, max; 95% confidence interval of the mean (Student t) and of the median (percentile bootstrap, 2000 resamples, seeded from the data so a re-rendered report shows the same numbers).",
                "Each runtime against bare metal, and the VM against the container: ratio of means with a bootstrap 95% interval, Welch's t-test and Mann-Whitney U p-values. A difference is named only when Welch's p < 0.05 and the ratio's interval excludes 1.",
                "Outliers: values outside Tukey's fences (1.5 IQR beyond the quartiles) are flagged, never dropped.",
                "Noise: a coefficient of variation above " + (int) (Noise.CV_LIMIT * 100) + "% is warned about, with the trials per runtime that would resolve a "
                        + (int) (Noise.DETECTABLE * 100) + "% difference (5% level, 80% power).",
                "Harness figures: totalMs (spawn until the instance is gone), readyMs (spawn until the workload is ready), cpuMs (user + system CPU of the cgroup), memoryPeakBytes, ioReadBytes, ioWriteBytes (block I/O of the cgroup); for the VM also vmExits, vmTouchedBytes, vmMonitorOverheadBytes.")) {
            h.raw("<li>").text(line).raw("</li>\n");
        }
        h.raw("</ul>\n");
    }

    private static void chart(Html h, RenderedChart c) {
        h.raw("<figure><img alt=\"").text(c.title()).raw("\" width=\"900\" height=\"480\" src=\"data:image/png;base64,")
                .raw(Base64.getEncoder().encodeToString(c.png())).raw("\"><figcaption>").text(c.title())
                .raw(" (charts/" + Html.esc(c.name()) + ".svg, .png)</figcaption></figure>\n");
    }

    private static void workload(Html h, Analysis a, String w, String suffix) {
        h.el("h3", w + suffix);
        List<List<String>> rows = new ArrayList<>();
        for (Figure f : a.figures(w)) {
            for (String r : a.runtimes()) {
                a.find(r, w, f).ifPresent(s -> {
                    var d = s.stats();
                    String u = f.unit();
                    rows.add(List.of(Format.figure(f), r, String.valueOf(d.n()), Format.value(d.mean(), u), Format.value(d.median(), u),
                            Format.value(d.stddev(), u), Format.interval(d.meanCi(), u), Format.interval(d.medianCi(), u),
                            Format.value(d.min(), u), Format.value(d.max(), u),
                            d.outliers().isEmpty() ? "" : d.outliers().stream().map(v -> Format.value(v, u)).collect(Collectors.joining(", "))));
                });
            }
        }
        h.table(List.of("figure", "runtime", "n", "mean", "median", "stddev", "95% CI mean", "95% CI median", "min", "max", "outliers"),
                rows, range(2, 10));
        List<List<String>> cmp = new ArrayList<>();
        for (Figure f : a.figures(w)) {
            for (Comparison c : a.comparisons(w, f)) {
                cmp.add(List.of(Format.figure(f), c.runtime() + " vs " + c.baseline(), Format.number(c.ratio().ratio()),
                        Format.interval(c.ratio().ci(), ""), Format.p(c.ratio().welchP()), Format.p(c.ratio().mannWhitneyP()), c.verdict()));
            }
        }
        if (!cmp.isEmpty()) {
            h.table(List.of("figure", "comparison", "ratio of means", "95% CI", "Welch p", "Mann-Whitney p", "verdict"), cmp, range(2, 6));
        }
    }

    private static void excluded(Html h, Source s, String suffix) {
        List<Exclusion> ex = s.analysis().excluded();
        if (ex.isEmpty()) {
            return;
        }
        h.el("h3", "Trials left out of the statistics" + suffix);
        List<List<String>> rows = ex.stream().map(e -> List.of(e.trial().runtime(), e.trial().workload(), String.valueOf(e.trial().trial()),
                e.trial().status().json(), e.why())).toList();
        h.table(List.of("runtime", "workload", "trial", "status", "why"), rows, Set.of(2));
    }

    private static Set<Integer> range(int from, int to) {
        Set<Integer> s = new java.util.HashSet<>();
        for (int i = from; i < to; i++) {
            s.add(i);
        }
        return s;
    }
}
