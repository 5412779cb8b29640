package io.isobench.harness.run;

import com.fasterxml.jackson.databind.JsonNode;
import io.isobench.model.Metric;
import io.isobench.model.ResultsJson;
import io.isobench.workloads.WorkloadOutput;

import java.util.ArrayList;
import java.util.List;

/**
 * What a workload said about itself on stdout, in the {@link WorkloadOutput} protocol:
 * its "ready" instant and its metrics. Malformed protocol lines are reported, not guessed at.
 *
 * @param readyNs  CLOCK_MONOTONIC instant of the first ready line, or null
 * @param metrics  in the order printed
 * @param problems one sentence per malformed line
 */
public record WorkloadReport(Long readyNs, List<Metric> metrics, List<String> problems) {

    public static WorkloadReport parse(String stdout) {
        Long ready = null;
        List<Metric> metrics = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (String line : stdout.split("\n")) {
            line = line.strip();
            if (line.startsWith(WorkloadOutput.READY.strip())) {
                String value = line.substring(WorkloadOutput.READY.strip().length()).strip();
                try {
                    if (ready == null) {
                        ready = Long.parseLong(value);
                    }
                } catch (NumberFormatException e) {
                    problems.add("bad ready line: " + line);
                }
            } else if (line.startsWith(WorkloadOutput.METRIC.strip())) {
                String json = line.substring(WorkloadOutput.METRIC.strip().length()).strip();
                try {
                    JsonNode n = ResultsJson.mapper().readTree(json);
                    if (!n.hasNonNull("name") || !n.hasNonNull("value") || !n.get("value").isNumber()) {
                        problems.add("metric without name or numeric value: " + json);
                        continue;
                    }
                    metrics.add(new Metric(n.get("name").asText(), n.get("value").asDouble(),
                            n.path("unit").asText(""), n.hasNonNull("error") && n.get("error").isNumber() ? n.get("error").asDouble() : null,
                            n.path("higherIsBetter").asBoolean(false)));
                } catch (Exception e) {
                    problems.add("bad metric line: " + json);
                }
            }
        }
        return new WorkloadReport(ready, metrics, problems);
    }
}
