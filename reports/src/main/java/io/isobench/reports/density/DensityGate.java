package io.isobench.reports.density;

import io.isobench.model.density.DensityResults;
import io.isobench.model.density.DensityRun;
import io.isobench.model.density.DensitySummary;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * {@code isobench compare} for two density results: per runtime in both, host memory per
 * instance (lower is better) and creation rate (higher is better). A density run yields one
 * value per figure, not samples, so there is no significance test: a figure regresses when
 * it is worse by more than the threshold. Host memory is a host-wide reading, so compare runs
 * made on a quiet host (the report's load line says how quiet).
 */
public final class DensityGate {
    /** One compared figure. */
    public record Row(String runtime, String figure, double base, double current, double changePct, boolean regression) {
    }

    /** The verdict: rows, and whether any regressed. */
    public record Verdict(List<Row> rows, boolean regression) {
        public String markdown() {
            StringBuilder md = new StringBuilder("| runtime | figure | base | current | change | verdict |\n|---|---|---|---|---|---|\n");
            for (Row r : rows) {
                md.append(String.format(Locale.ROOT, "| %s | %s | %.1f | %.1f | %+.1f%% | %s |%n", r.runtime(), r.figure(),
                        r.base(), r.current(), r.changePct(), r.regression() ? "**regression**" : "ok"));
            }
            md.append(regression ? "\nRegression: at least one figure is worse by more than the threshold.\n"
                    : "\nNo regression.\n");
            return md.toString();
        }
    }

    private final double maxRegressionPct;

    public DensityGate(double maxRegressionPct) {
        this.maxRegressionPct = maxRegressionPct;
    }

    /**
     * @throws IllegalArgumentException when the two cannot be compared (other workload, no
     *                                  runtime measured in both); the message is one sentence
     */
    public Verdict compare(DensityResults base, DensityResults current) {
        if (!base.config().workload().equals(current.config().workload())) {
            throw new IllegalArgumentException("the density runs used different workloads (" + base.config().workload()
                    + " vs " + current.config().workload() + ")");
        }
        List<Row> rows = new ArrayList<>();
        for (DensityRun c : current.runs()) {
            DensityRun b = base.runs().stream().filter(r -> r.runtime().equals(c.runtime())).findFirst().orElse(null);
            if (b == null || b.summary() == null || c.summary() == null) {
                continue;
            }
            add(rows, c.runtime(), "host memory per instance (KiB)", b.summary(), c.summary(),
                    s -> s.perInstanceBytes() == null ? null : s.perInstanceBytes() / 1024.0, false);
            add(rows, c.runtime(), "creation rate (instances/s)", b.summary(), c.summary(), DensitySummary::instancesPerSecond, true);
        }
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("the density runs have no runtime with figures in common");
        }
        return new Verdict(rows, rows.stream().anyMatch(Row::regression));
    }

    private void add(List<Row> rows, String runtime, String figure, DensitySummary b, DensitySummary c,
                     Function<DensitySummary, Double> value, boolean higherIsBetter) {
        Double vb = value.apply(b);
        Double vc = value.apply(c);
        if (vb == null || vc == null || vb == 0) {
            return;
        }
        double change = (vc - vb) / Math.abs(vb) * 100;
        double worsening = higherIsBetter ? -change : change;
        rows.add(new Row(runtime, figure, vb, vc, change, worsening > maxRegressionPct));
    }
}
