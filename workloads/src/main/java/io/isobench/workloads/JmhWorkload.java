package io.isobench.workloads;

import org.openjdk.jmh.results.RunResult;

import java.util.List;
import java.util.Map;

/**
 * How {@link Main} runs one JMH-based workload: the benchmark class, its {@code @Param}
 * values per mode, how many benchmark threads, and how JMH's result becomes our metrics.
 *
 * @param threads 0 = one per available processor
 */
public record JmhWorkload(String id, Class<?> benchmark, Map<String, String> quickParams,
                          Map<String, String> normalParams, int threads, Metrics metrics) {

    /** Turns the one {@link RunResult} of the run into metric values. */
    @FunctionalInterface
    public interface Metrics {
        List<MetricValue> of(RunResult result, Map<String, String> params, int threads);
    }

    public Map<String, String> params(boolean quick) {
        return quick ? quickParams : normalParams;
    }
}
