package io.isobench.workloads;

import io.isobench.workloads.bench.DirectIo;
import io.isobench.workloads.bench.Scratch;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Runs one {@link JmhWorkload} with JMH's Runner API and prints its metric lines.
 *
 * <p>Environment, chosen so it runs the same on bare metal, in the container and in the VM:
 * <ul>
 *   <li>JMH's human-readable output goes to stderr; stdout carries only the protocol.</li>
 *   <li>{@code jmh.ignoreLock}: JMH normally takes {@code $TMPDIR/jmh.lock} to refuse
 *       concurrent runs. The harness serialises trials itself; the lock would make a
 *       read-only {@code /tmp} fatal and make a bare-metal trial fail whenever anything else
 *       on the host runs JMH.</li>
 *   <li>No result file, no profilers: nothing is written outside the scratch directory
 *       except, for a forked run, JMH's small files in {@code java.io.tmpdir} (the forked
 *       JVM's captured output); so a forked run needs a writable {@code /tmp}, which every
 *       runtime provides (tmpfs in the container and the VM). HOME is never read.</li>
 *   <li>A forked run's JVM gets the same flags as this one (JMH copies them) and talks to
 *       this JVM over the loopback interface.</li>
 * </ul>
 */
final class JmhDriver {
    static final String USAGE = "usage: java -jar workloads.jar <workload-id> [--quick|--thorough] [--forks N]"
            + " [--jmh FORKS,WARMUPS,MEASUREMENTS,MILLIS]";

    private JmhDriver() {
    }

    /** Returns the exit code. */
    static int main(List<String> args) {
        PrintStream err = System.err;
        String id = null;
        Length length = Length.NORMAL;
        Integer forks = null;
        RunSettings explicit = null;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (Length.ofFlag(a) != null) {
                length = Length.ofFlag(a);
            } else if (a.equals("--jmh") && i + 1 < args.size() && RunSettings.parse(args.get(i + 1)) != null) {
                explicit = RunSettings.parse(args.get(++i));
            } else if (a.equals("--forks") && i + 1 < args.size() && args.get(i + 1).matches("\\d{1,2}")) {
                forks = Integer.parseInt(args.get(++i));
            } else if (!a.startsWith("-") && id == null) {
                id = a;
            } else {
                err.println("workloads: unexpected argument '" + a + "'; " + USAGE);
                return 2;
            }
        }
        if (id == null) {
            err.println("workloads: no workload given; " + USAGE);
            return 2;
        }
        JmhWorkload workload = JmhSuite.forId(id);
        if (workload == null) {
            Workload entry = Catalog.byId(id);
            err.println(entry != null
                    ? "workloads: " + id + " is not run by this jar; its command is " + String.join(" ", entry.command())
                    : "workloads: unknown workload '" + id + "'; valid are " + Catalog.validNames());
            return 2;
        }
        Map<String, String> params = new LinkedHashMap<>(workload.params(length == Length.QUICK));
        if (Catalog.byId(id).needsScratch()) {
            Path scratch;
            try {
                scratch = Scratch.dir();
            } catch (IllegalStateException e) {
                err.println("workloads: " + e.getMessage());
                return 2;
            }
            if (workload.benchmark().getSimpleName().equals("RandReadBench")) {
                String why = DirectIo.unsupportedReason(scratch);
                params.put("direct", Boolean.toString(why == null));
                err.println(why == null ? "workloads: O_DIRECT works in " + scratch + ": reads bypass the page cache"
                        : "workloads: O_DIRECT refused in " + scratch + " (" + why + "): buffered reads of a cached file");
            }
        }
        RunSettings settings = explicit != null ? explicit : RunSettings.of(length);
        if (forks != null) {
            settings = settings.withForks(forks);
        }
        if (settings.forks() > 0 && !Files.isWritable(Path.of(System.getProperty("java.io.tmpdir")))) {
            err.println("workloads: a forked JMH run needs a writable temporary directory and "
                    + System.getProperty("java.io.tmpdir") + " is not writable");
            return 2;
        }
        int threads = workload.threads() == 0 ? Runtime.getRuntime().availableProcessors() : workload.threads();
        try {
            RunResult result = run(workload, params, settings, threads, err);
            for (MetricValue m : workload.metrics().of(result, params, threads)) {
                System.out.println(m.line());
            }
            return 0;
        } catch (RunnerException | RuntimeException e) {
            err.println("workloads: " + id + " failed: " + e.getMessage());
            e.printStackTrace(err);
            return 1;
        }
    }

    static RunResult run(JmhWorkload workload, Map<String, String> params, RunSettings settings, int threads,
                         PrintStream log) throws RunnerException {
        // Read once by Runner's static initialiser: set before the class is first used.
        System.setProperty("jmh.ignoreLock", "true");
        TimeValue iteration = TimeValue.milliseconds(settings.iterationMillis());
        ChainedOptionsBuilder options = new OptionsBuilder()
                .include("^" + Pattern.quote(workload.benchmark().getName() + ".") + "\\w+$")
                .forks(settings.forks())
                .warmupIterations(settings.warmupIterations())
                .warmupTime(iteration)
                .measurementIterations(settings.measurementIterations())
                .measurementTime(iteration)
                .threads(threads)
                .shouldFailOnError(true)
                .timeout(TimeValue.minutes(2));
        params.forEach(options::param);
        Collection<RunResult> results = new Runner(options.build(),
                OutputFormatFactory.createFormatInstance(log, VerboseMode.NORMAL)).run();
        if (results.size() != 1) {
            throw new IllegalStateException("JMH returned " + results.size() + " results for " + workload.id() + ", expected 1");
        }
        return results.iterator().next();
    }
}
