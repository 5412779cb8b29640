package io.isobench.harness.cli;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses sizes as users type them: {@code 512M}, {@code 2G}, {@code 1.5GiB}, {@code 64MB}, {@code 1048576}; binary units. */
public final class Sizes {
    private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([kmgt]?)(?:i?b)?", Pattern.CASE_INSENSITIVE);

    private Sizes() {
    }

    /** @throws IllegalArgumentException with one sentence naming the option */
    public static long parse(String text, String option) {
        Matcher m = SIZE.matcher(text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("bad size '" + text + "' for " + option + " (use e.g. 512M or 2G)");
        }
        int shift = switch (m.group(2).toLowerCase(Locale.ROOT)) {
            case "k" -> 10;
            case "m" -> 20;
            case "g" -> 30;
            case "t" -> 40;
            default -> 0;
        };
        double value = Double.parseDouble(m.group(1)) * (1L << shift);
        if (value > Long.MAX_VALUE / 2) {
            throw new IllegalArgumentException("size '" + text + "' for " + option + " is too large");
        }
        return (long) value;
    }
}
