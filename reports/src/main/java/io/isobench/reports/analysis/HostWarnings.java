package io.isobench.reports.analysis;

import io.isobench.model.HostConditions;
import io.isobench.model.HostConditions.Condition;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The host's noise sources a report warns about, one line each with the fix, from the
 * conditions read before and after the run: a source that was noisy before is said once
 * ("before the run"), one that only became noisy during the run is said as "after the run".
 */
public final class HostWarnings {
    private HostWarnings() {
    }

    public static List<String> of(HostConditions conditions) {
        if (conditions == null) {
            return List.of();
        }
        Map<String, String> warned = new LinkedHashMap<>();
        for (Condition c : conditions.before()) {
            if (c.warning() != null) {
                warned.put(c.name(), "host (before the run): " + c.warning());
            }
        }
        for (Condition c : conditions.after()) {
            if (c.warning() != null) {
                warned.putIfAbsent(c.name(), "host (after the run): " + c.warning());
            }
        }
        return new ArrayList<>(warned.values());
    }
}
