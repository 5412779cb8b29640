package io.isobench.harness.fidelity;

import java.util.List;
import java.util.Locale;

/** The rows as a Markdown table (what {@code isobench fidelity} prints and docs/workloads.md keeps). */
public final class FidelityTable {
    private FidelityTable() {
    }

    public static String markdown(List<FidelityRow> rows, int rounds) {
        StringBuilder b = new StringBuilder();
        b.append("| workload | metric | isobench bare | tool | tool's figure | isobench / tool | verdict |\n");
        b.append("|---|---|---|---|---|---|---|\n");
        for (FidelityRow r : rows) {
            Counterpart c = r.counterpart();
            b.append("| `").append(c.workload()).append("` | ").append(c.metric()).append(" (").append(c.unit())
                    .append(") | ").append(figure(r.ourMedian())).append(" | ").append(c.tool()).append(" | ")
                    .append(figure(r.toolMedian())).append(" | ")
                    .append(Double.isNaN(r.ratio()) ? "-" : String.format(Locale.ROOT, "%.2f", r.ratio()))
                    .append(" | ").append(r.verdict()).append(" |\n");
        }
        b.append("\nMedians of ").append(rounds).append(rounds == 1 ? " round" : " rounds")
                .append("; in each round the workloads run once on bare, then each tool once, so drift hits both alike.\n");
        for (FidelityRow r : rows) {
            b.append("- `").append(r.counterpart().workload()).append("`: ").append(r.counterpart().note()).append('\n');
        }
        return b.toString();
    }

    private static String figure(double v) {
        if (Double.isNaN(v)) {
            return "-";
        }
        return v >= 100 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.3g", v);
    }
}
