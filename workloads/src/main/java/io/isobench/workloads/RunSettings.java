package io.isobench.workloads;

/**
 * How long JMH measures in one trial, per {@link Length}. Quick is for tests and demos (about
 * 1 s of measurement in the launching JVM); normal is what a default run does: 2 warm-up and
 * 5 measured iterations of 500 ms in the launching JVM, which is itself a fresh JVM in a
 * fresh instance, so there is no earlier benchmark whose profile could pollute this one (the
 * reason JMH forks); thorough is JMH's recommended shape for publication: a forked JVM, 3
 * warm-up and 10 measured iterations of 1 s (~15-20 s a workload). docs/methodology.md has
 * the between-trial spread each length gives, measured.
 *
 * @param forks              0 = measure inside the launching JVM
 * @param warmupIterations   iterations run and discarded first
 * @param measurementIterations iterations whose scores make the result
 * @param iterationMillis    length of every iteration
 */
public record RunSettings(int forks, int warmupIterations, int measurementIterations, int iterationMillis) {
    public static final RunSettings QUICK = new RunSettings(0, 1, 3, 300);
    public static final RunSettings NORMAL = new RunSettings(0, 2, 5, 500);
    public static final RunSettings THOROUGH = new RunSettings(1, 3, 10, 1000);

    public static RunSettings of(Length length) {
        return switch (length) {
            case QUICK -> QUICK;
            case NORMAL -> NORMAL;
            case THOROUGH -> THOROUGH;
        };
    }

    /**
     * Settings written {@code FORKS,WARMUPS,MEASUREMENTS,MILLIS} (the jar's {@code --jmh}
     * option, for methodology experiments), or null when the text is not that.
     */
    public static RunSettings parse(String text) {
        if (!text.matches("\\d{1,2},\\d{1,3},\\d{1,3},\\d{1,6}")) {
            return null;
        }
        String[] p = text.split(",");
        RunSettings s = new RunSettings(Integer.parseInt(p[0]), Integer.parseInt(p[1]), Integer.parseInt(p[2]),
                Integer.parseInt(p[3]));
        return s.measurementIterations() > 0 && s.iterationMillis() > 0 ? s : null;
    }

    public RunSettings withForks(int forks) {
        return new RunSettings(forks, warmupIterations, measurementIterations, iterationMillis);
    }
}
