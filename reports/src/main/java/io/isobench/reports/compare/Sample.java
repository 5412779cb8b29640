package io.isobench.reports.compare;

import io.isobench.model.SummaryRow;

/** What the gate needs of one side: mean, standard deviation and n (from trials or a summary row). */
record Sample(double mean, double stddev, int n) {
    static Sample of(java.util.List<Double> values) {
        double mean = values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
        double ss = 0;
        for (double v : values) {
            ss += (v - mean) * (v - mean);
        }
        return new Sample(mean, values.size() > 1 ? Math.sqrt(ss / (values.size() - 1)) : Double.NaN, values.size());
    }

    static Sample of(SummaryRow row) {
        return new Sample(row.mean(), row.stddev(), row.n());
    }

    /** Same figures as a summary row (to 1e-9 relative): the file was not edited by hand. */
    boolean agreesWith(SummaryRow row) {
        return n == row.n() && close(mean, row.mean()) && (n < 2 || close(stddev, row.stddev()));
    }

    private static boolean close(double a, double b) {
        return Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b)) + 1e-12;
    }
}
