package io.isobench.harness.run;

import io.isobench.workloads.Workload;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PlanTest {
    static final Workload A = new Workload("cpu.a", "a", false, List.of("x"), List.of("x"));
    static final Workload B = new Workload("io.b", "b", true, List.of("y"), List.of("y"));

    @Test
    void everyCombinationOnceWarmupsFirstNumberedInRunOrder() {
        List<PlannedTrial> plan = Plan.of(List.of("bare", "container"), List.of(A, B), 5, 2, 42);
        assertEquals(2 * 2 * (5 + 2), plan.size());
        int firstMeasured = 0;
        while (plan.get(firstMeasured).warmup()) {
            firstMeasured++;
        }
        assertEquals(2 * 2 * 2, firstMeasured);
        assertTrue(plan.subList(firstMeasured, plan.size()).stream().noneMatch(PlannedTrial::warmup));
        // Per runtime and workload: indexes 1..N in the order they run.
        var byKey = plan.stream().filter(t -> !t.warmup())
                .collect(Collectors.groupingBy(t -> t.runtime() + t.workload().id(), Collectors.mapping(PlannedTrial::index, Collectors.toList())));
        byKey.values().forEach(idx -> assertEquals(List.of(1, 2, 3, 4, 5), idx));
    }

    @Test
    void sameSeedSameOrderOtherSeedOtherOrderAndInterleaved() {
        List<PlannedTrial> one = Plan.of(List.of("bare", "container"), List.of(A, B), 10, 0, 7);
        assertEquals(one, Plan.of(List.of("bare", "container"), List.of(A, B), 10, 0, 7));
        assertNotEquals(one, Plan.of(List.of("bare", "container"), List.of(A, B), 10, 0, 8));
        // Interleaved: the runtime changes many times, not once in the middle.
        int switches = 0;
        for (int i = 1; i < one.size(); i++) {
            if (!one.get(i).runtime().equals(one.get(i - 1).runtime())) {
                switches++;
            }
        }
        assertTrue(switches > 5, "only " + switches + " runtime switches in " + one);
    }
}
