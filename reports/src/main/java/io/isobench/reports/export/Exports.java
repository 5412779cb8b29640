package io.isobench.reports.export;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.isobench.model.ResultsJson;
import io.isobench.reports.Source;
import io.isobench.reports.analysis.Format;
import io.isobench.reports.analysis.Series;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Writes the statistics in the formats of CI benchmark trackers, one value per runtime,
 * workload and figure: the mean, with its 95% confidence interval. Names are stable across
 * runs ({@code workload/runtime/figure}; a merged report prefixes the host) so the
 * trackers can follow them over time.
 */
public final class Exports {
    public static final String GAB_SMALLER = "github-action-benchmark-smaller.json";
    public static final String GAB_BIGGER = "github-action-benchmark-bigger.json";
    public static final String BENCHER = "bencher.json";

    private Exports() {
    }

    /** Writes the files of one format into {@code dir}; returns them. */
    public static List<Path> write(Path dir, ExportFormat format, List<Source> sources) throws IOException {
        List<Path> written = new ArrayList<>();
        switch (format) {
            case GITHUB_ACTION_BENCHMARK -> {
                written.add(write(dir.resolve(GAB_SMALLER), githubActionBenchmark(sources, false)));
                written.add(write(dir.resolve(GAB_BIGGER), githubActionBenchmark(sources, true)));
            }
            case BENCHER -> written.add(write(dir.resolve(BENCHER), bencher(sources)));
        }
        return written;
    }

    private static Path write(Path file, Object json) throws IOException {
        Files.writeString(file, ResultsJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(json) + "\n");
        return file;
    }

    /**
     * github-action-benchmark's custom format: a list of {name, unit, value, range, extra}.
     * The action takes one direction per file ("customSmallerIsBetter" / "customBiggerIsBetter").
     */
    static ArrayNode githubActionBenchmark(List<Source> sources, boolean bigger) {
        ArrayNode list = ResultsJson.mapper().createArrayNode();
        for (Source src : sources) {
            for (Series s : src.analysis().series()) {
                if (s.figure().higherIsBetter() != bigger) {
                    continue;
                }
                ObjectNode e = list.addObject();
                e.put("name", name(src, sources, s));
                e.put("unit", s.figure().unit());
                e.put("value", s.stats().mean());
                if (s.stats().meanCi().known()) {
                    e.put("range", "± " + String.format(Locale.ROOT, "%.6g", (s.stats().meanCi().high() - s.stats().meanCi().low()) / 2));
                }
                e.put("extra", "n=" + s.stats().n() + ", median " + Format.value(s.stats().median(), s.figure().unit())
                        + ", 95% CI of the mean " + Format.interval(s.stats().meanCi(), s.figure().unit())
                        + ", stddev " + Format.value(s.stats().stddev(), s.figure().unit()));
            }
        }
        return list;
    }

    /** Bencher Metric Format: {benchmark: {measure: {value, lower_value, upper_value}}}; benchmark = workload/runtime, measure = figure. */
    static ObjectNode bencher(List<Source> sources) {
        ObjectNode root = ResultsJson.mapper().createObjectNode();
        for (Source src : sources) {
            for (Series s : src.analysis().series()) {
                String benchmark = (sources.size() > 1 ? src.label() + "/" : "") + s.workload() + "/" + s.runtime();
                ObjectNode b = root.has(benchmark) ? (ObjectNode) root.get(benchmark) : root.putObject(benchmark);
                ObjectNode m = b.putObject(s.figure().name());
                m.put("value", s.stats().mean());
                if (s.stats().meanCi().known()) {
                    m.put("lower_value", s.stats().meanCi().low());
                    m.put("upper_value", s.stats().meanCi().high());
                }
            }
        }
        return root;
    }

    private static String name(Source src, List<Source> all, Series s) {
        return (all.size() > 1 ? src.label() + "/" : "") + s.workload() + "/" + s.runtime() + "/" + s.figure().name();
    }
}
