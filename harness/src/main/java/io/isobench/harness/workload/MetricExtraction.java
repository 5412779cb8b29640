package io.isobench.harness.workload;

import com.fasterxml.jackson.databind.JsonNode;
import io.isobench.model.Metric;
import io.isobench.model.ResultsJson;
import io.isobench.model.Status;
import io.isobench.model.Trial;
import io.isobench.workloads.WorkloadOutput;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;

/**
 * Applies a workload's {@link MetricRule}s to what it printed. A rule that finds nothing
 * fails the trial ({@code metric NAME not found in output}): a figure the user asked for is
 * never silently missing, nor zero.
 */
public final class MetricExtraction {
    private MetricExtraction() {
    }

    /** The trial with the rules' metrics added after its protocol ones, or failed with the first miss. */
    public static Trial apply(Trial trial, String stdout, String stderr, List<MetricRule> rules) {
        if (trial.status() != Status.OK || rules.isEmpty()) {
            return trial;
        }
        List<Metric> metrics = new ArrayList<>(trial.metrics());
        JsonNode json = null;
        for (MetricRule rule : rules) {
            String text;
            if (rule.regex() != null) {
                Matcher m = rule.regex().matcher(rule.stream() == MetricRule.Stream.STDERR ? stderr : stdout);
                if (!m.find()) {
                    return failed(trial, metrics, "metric " + rule.name() + " not found in output");
                }
                text = m.group(1);
            } else {
                if (json == null) {
                    json = parseJson(stdout);
                    if (json == null) {
                        return failed(trial, metrics, "metric " + rule.name() + " not found in output (stdout is not one JSON document)");
                    }
                }
                JsonNode node = json.at(rule.jsonPointer());
                if (node.isMissingNode() || node.isNull()) {
                    return failed(trial, metrics, "metric " + rule.name() + " not found in output");
                }
                text = node.isValueNode() ? node.asText() : node.toString();
            }
            double value;
            try {
                value = Double.parseDouble(text == null ? "" : text.strip());
            } catch (NumberFormatException e) {
                return failed(trial, metrics, "metric " + rule.name() + " is not a number in the output: '" + abbreviate(text) + "'");
            }
            if (!Double.isFinite(value)) {
                return failed(trial, metrics, "metric " + rule.name() + " is not a finite number: " + text);
            }
            metrics.add(new Metric(rule.name(), value, rule.unit(), null, rule.higherIsBetter()));
        }
        return with(trial, Status.OK, null, metrics);
    }

    /** stdout without protocol lines, as one JSON document; null when it is none. */
    private static JsonNode parseJson(String stdout) {
        StringBuilder doc = new StringBuilder();
        for (String line : stdout.split("\n", -1)) {
            if (!line.startsWith(WorkloadOutput.PREFIX)) {
                doc.append(line).append('\n');
            }
        }
        try {
            JsonNode n = ResultsJson.mapper().readTree(doc.toString());
            return n == null || n.isMissingNode() ? null : n;
        } catch (Exception e) {
            return null;
        }
    }

    private static Trial failed(Trial t, List<Metric> metrics, String reason) {
        return with(t, Status.FAILED, reason, metrics);
    }

    private static Trial with(Trial t, Status status, String reason, List<Metric> metrics) {
        return new Trial(t.runtime(), t.workload(), t.trial(), t.warmup(), status, reason, t.timeline(), t.resources(),
                metrics, t.vm(), t.startedAt());
    }

    private static String abbreviate(String s) {
        return s == null ? "" : s.length() > 60 ? s.substring(0, 60) + "..." : s;
    }
}
