package io.isobench.harness.workload;

import java.util.regex.Pattern;

/**
 * How to find one figure in a workload's output: a regular expression with one group on
 * stdout or stderr, or a JSON pointer into stdout parsed as one JSON document. (Protocol
 * lines, {@code @@isobench metric {...}}, need no rule: they are read from every workload.)
 *
 * @param regex       null for a JSON rule
 * @param stream      which stream the regex reads
 * @param jsonPointer null for a regex rule, e.g. {@code /jobs/0/read/iops}
 */
public record MetricRule(String name, String unit, boolean higherIsBetter, Pattern regex, Stream stream,
                         String jsonPointer) {
    public enum Stream { STDOUT, STDERR }

    public MetricRule {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a metric needs a name");
        }
        if ((regex == null) == (jsonPointer == null)) {
            throw new IllegalArgumentException("metric " + name + " needs exactly one of regex and json");
        }
        if (regex != null && regex.matcher("").groupCount() != 1) {
            throw new IllegalArgumentException("the regex of metric " + name + " must have exactly one group, it has "
                    + regex.matcher("").groupCount());
        }
        if (jsonPointer != null && !jsonPointer.isEmpty() && !jsonPointer.startsWith("/")) {
            throw new IllegalArgumentException("the json pointer of metric " + name + " must start with '/': " + jsonPointer);
        }
        unit = unit == null ? "" : unit;
        stream = stream == null ? Stream.STDOUT : stream;
    }
}
