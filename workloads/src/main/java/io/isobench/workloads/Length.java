package io.isobench.workloads;

/**
 * How long a workload measures inside one trial. The figure that matters is the spread
 * between trials (a fresh instance each), so a trial only needs to be long enough that its
 * own noise stays small next to that spread; docs/methodology.md has the measured table
 * that chose these lengths.
 * <ul>
 *   <li>{@link #QUICK}: tests and demos, about a second of measurement;</li>
 *   <li>{@link #NORMAL}: what {@code isobench run} does by default, a few seconds;</li>
 *   <li>{@link #THOROUGH}: {@code --thorough}, the publication mode: JMH's own defaults'
 *       shape (a forked JVM, 3 × 1 s warm-up, 10 × 1 s measured), about 15 s.</li>
 * </ul>
 * The workloads jar gets the length as a flag ({@link #flag()}), none for normal.
 */
public enum Length {
    QUICK("--quick"),
    NORMAL(null),
    THOROUGH("--thorough");

    private final String flag;

    Length(String flag) {
        this.flag = flag;
    }

    /** The workloads jar's flag for this length; null for {@link #NORMAL}. */
    public String flag() {
        return flag;
    }

    /** The length a workloads-jar argument names, or null when the argument is not a length flag. */
    public static Length ofFlag(String arg) {
        for (Length l : values()) {
            if (l.flag != null && l.flag.equals(arg)) {
                return l;
            }
        }
        return null;
    }
}
