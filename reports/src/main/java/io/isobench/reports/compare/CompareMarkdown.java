package io.isobench.reports.compare;

import io.isobench.reports.analysis.Format;

import java.util.Locale;

/** The gate's findings as Markdown (stdout of {@code isobench compare}; fits a CI job summary). */
public final class CompareMarkdown {
    private CompareMarkdown() {
    }

    public static String render(GateReport r) {
        StringBuilder md = new StringBuilder("## isobench compare\n\n");
        int reg = r.regressions().size();
        int imp = r.improvements().size();
        md.append(reg == 0 ? "**No regression**" : "**" + reg + " regression" + (reg == 1 ? "" : "s") + "**")
                .append(imp == 0 ? "" : ", " + imp + " improvement" + (imp == 1 ? "" : "s"))
                .append(String.format(Locale.ROOT, " in %d checks (a change counts when it exceeds %s%% and is significant, p < %s).%n%n",
                        r.checks().size(), plain(r.maxRegressionPercent()), plain(r.alpha())));
        md.append("| result | runtime | workload | figure | base | current | change | p |\n|---|---|---|---|---:|---:|---:|---:|\n");
        for (Check c : r.checks()) {
            md.append("| ").append(label(c.outcome())).append(" | ").append(c.runtime()).append(" | ").append(c.workload())
                    .append(" | ").append(c.figure()).append(c.higherIsBetter() ? " ↑" : " ↓").append(" | ")
                    .append(Format.value(c.baseMean(), c.unit())).append(" (n=").append(c.baseN()).append(") | ")
                    .append(Format.value(c.currentMean(), c.unit())).append(" (n=").append(c.currentN()).append(") | ")
                    .append(change(c)).append(" | ").append(Format.p(c.p())).append(c.note() == null ? "" : " — " + c.note().replace("|", "/"))
                    .append(" |\n");
        }
        md.append("\n↑ higher is better, ↓ lower is better; change is of the mean, positive = worse; p: Welch's t-test (paired t-test on log values where noted).\n");
        if (!r.onlyInBase().isEmpty()) {
            md.append("\nOnly in BASE (not compared): ").append(String.join(", ", r.onlyInBase())).append('\n');
        }
        if (!r.onlyInCurrent().isEmpty()) {
            md.append("\nOnly in CURRENT (not compared): ").append(String.join(", ", r.onlyInCurrent())).append('\n');
        }
        return md.toString();
    }

    /** 5 → "5", 0.05 → "0.05". */
    static String plain(double v) {
        return java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }

    static String change(Check c) {
        return Double.isNaN(c.worsePercent()) ? "–" : String.format(Locale.ROOT, "%+.1f%%", c.worsePercent());
    }

    static String label(Outcome o) {
        return switch (o) {
            case REGRESSION -> "❌ regression";
            case IMPROVEMENT -> "✅ improvement";
            case UNCHANGED -> "unchanged";
            case UNTESTABLE -> "untestable";
        };
    }
}
