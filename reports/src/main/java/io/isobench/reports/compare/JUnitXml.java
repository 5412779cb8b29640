package io.isobench.reports.compare;

import io.isobench.reports.analysis.Format;

import java.util.Locale;

/**
 * The gate as a JUnit XML report, which every CI system displays: one test case per
 * runtime, workload and figure; a regression is a failure, an untestable figure is skipped.
 */
public final class JUnitXml {
    private JUnitXml() {
    }

    public static String render(GateReport r) {
        long skipped = r.checks().stream().filter(c -> c.outcome() == Outcome.UNTESTABLE).count();
        StringBuilder x = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        x.append(String.format(Locale.ROOT, "<testsuite name=\"isobench compare\" tests=\"%d\" failures=\"%d\" errors=\"0\" skipped=\"%d\">%n",
                r.checks().size(), r.regressions().size(), skipped));
        for (Check c : r.checks()) {
            x.append("  <testcase classname=\"").append(esc("isobench." + c.runtime() + "." + c.workload())).append("\" name=\"")
                    .append(esc(c.figure())).append("\">");
            String detail = String.format(Locale.ROOT, "%s: base %s (n=%d), current %s (n=%d), change %s (positive = worse), Welch p %s",
                    c.figure(), Format.value(c.baseMean(), c.unit()), c.baseN(), Format.value(c.currentMean(), c.unit()), c.currentN(),
                    CompareMarkdown.change(c), Format.p(c.p())) + (c.note() == null ? "" : "; " + c.note());
            switch (c.outcome()) {
                case REGRESSION -> x.append("\n    <failure type=\"regression\" message=\"").append(esc(detail)).append("\"/>\n  ");
                case UNTESTABLE -> x.append("\n    <skipped message=\"").append(esc(detail)).append("\"/>\n  ");
                default -> x.append("\n    <system-out>").append(esc(detail)).append("</system-out>\n  ");
            }
            x.append("</testcase>\n");
        }
        x.append("</testsuite>\n");
        return x.toString();
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
