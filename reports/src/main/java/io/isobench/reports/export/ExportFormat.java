package io.isobench.reports.export;

import java.util.Arrays;
import java.util.stream.Collectors;

/** The formats of CI tools people already use, by the name {@code --export} takes. */
public enum ExportFormat {
    /** github-action-benchmark's custom tools: two files, customSmallerIsBetter and customBiggerIsBetter. */
    GITHUB_ACTION_BENCHMARK("github-action-benchmark"),
    /** Bencher Metric Format (BMF) JSON, for {@code bencher run --adapter json --file ...}. */
    BENCHER("bencher");

    private final String cliName;

    ExportFormat(String cliName) {
        this.cliName = cliName;
    }

    public String cliName() {
        return cliName;
    }

    public static ExportFormat parse(String s) {
        for (ExportFormat f : values()) {
            if (f.cliName.equals(s.strip())) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown export format '" + s + "' (known: " + names() + ")");
    }

    public static String names() {
        return Arrays.stream(values()).map(ExportFormat::cliName).collect(Collectors.joining(", "));
    }
}
