package io.isobench.workloads;

/**
 * How long JMH measures. Quick is for tests and demos (each workload about 1-3 s of wall
 * time on a 2-core machine, in the launching JVM); normal is for real runs: a fresh forked
 * JVM, so that profile pollution from the harness side of JMH never reaches the measured
 * code, 3 warm-up and 10 measured iterations of 1 s (~15-20 s a workload).
 *
 * @param forks              0 = measure inside the launching JVM
 * @param warmupIterations   iterations run and discarded first
 * @param measurementIterations iterations whose scores make the result
 * @param iterationMillis    length of every iteration
 */
public record RunSettings(int forks, int warmupIterations, int measurementIterations, int iterationMillis) {
    public static final RunSettings QUICK = new RunSettings(0, 1, 3, 300);
    public static final RunSettings NORMAL = new RunSettings(1, 3, 10, 1000);

    public RunSettings withForks(int forks) {
        return new RunSettings(forks, warmupIterations, measurementIterations, iterationMillis);
    }
}
