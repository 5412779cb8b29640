package io.isobench.workloads;

/**
 * The line protocol a workload speaks on stdout, so the harness finds its figures among
 * whatever else is printed:
 * <pre>
 *   @@isobench ready &lt;System.nanoTime()&gt;          main() reached (CLOCK_MONOTONIC ns)
 *   @@isobench metric {"name":..,"value":..,"unit":..,"error":..,"higherIsBetter":..}
 * </pre>
 */
public final class WorkloadOutput {
    public static final String PREFIX = "@@isobench ";
    public static final String READY = PREFIX + "ready ";
    public static final String METRIC = PREFIX + "metric ";

    private WorkloadOutput() {
    }
}
