package io.isobench.model;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * The host's noise sources, read before and after a run ({@code isobench host check} prints
 * the same): CPU frequency governor, boost, SMT, THP, KSM, ASLR, swap, load, the busiest
 * other processes, the cgroup mount options, the clock source.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record HostConditions(List<Condition> before, List<Condition> after) {
    public HostConditions {
        before = before == null ? List.of() : List.copyOf(before);
        after = after == null ? List.of() : List.copyOf(after);
    }

    /**
     * One source of noise as found.
     *
     * @param name    e.g. {@code cpu.governor}, {@code thp}, {@code load}
     * @param value   what was read, as the kernel says it (e.g. {@code powersave}); "unknown"
     *                when this host does not expose it
     * @param warning null when the value is not known to add noise; else one sentence with
     *                the fix
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Condition(String name, String value, String warning) {
    }
}
