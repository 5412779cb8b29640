package io.isobench.workloads;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CatalogTest {

    @Test
    void theSuiteCoversEveryCategoryTheIssueAsksFor() {
        Set<String> ids = Catalog.all().stream().map(Workload::id).collect(Collectors.toSet());
        assertTrue(ids.containsAll(List.of("startup.noop", "startup.jvm-hello", "cpu.sha256", "cpu.matmul",
                "memory.triad", "memory.random-access", "memory.page-faults", "io.seq-write", "io.rand-read",
                "syscall.rate")), ids.toString());
        assertEquals(Catalog.all(), Catalog.defaults());
    }

    @Test
    void everyJavaWorkloadIsRunByTheJarAndEveryJarWorkloadIsInTheCatalog() {
        for (Workload w : Catalog.all()) {
            boolean java = w.command().get(0).equals(ImageLayout.JAVA);
            // jvm-hello is main() alone; the net workloads time sockets against the far end's server.
            if (java && !w.id().equals("startup.jvm-hello") && !w.needsNetwork()) {
                assertNotNull(JmhSuite.forId(w.id()), w.id() + " has no JMH benchmark");
            }
        }
        for (JmhWorkload j : JmhSuite.all()) {
            assertNotNull(Catalog.byId(j.id()), j.id() + " is not in the catalog");
        }
    }

    @Test
    void lengthsDifferOnlyByTheirFlag() {
        for (Workload w : Catalog.all()) {
            if (w.command().get(0).equals(ImageLayout.JAVA)) {
                for (Length length : List.of(Length.QUICK, Length.THOROUGH)) {
                    List<String> c = w.command(length);
                    assertEquals(w.command(), c.subList(0, c.size() - 1), w.id());
                    assertEquals(length.flag(), c.get(c.size() - 1), w.id());
                }
                assertEquals(w.command(), w.command(Length.NORMAL), w.id());
            }
            // Image paths are relative: every runtime starts the command in the image root.
            assertTrue(!w.command().get(0).startsWith("/"), w.id() + " uses an absolute path");
        }
    }

    @Test
    void selectTakesIdsAndCategoriesOnceEachInCatalogOrder() {
        List<String> picked = Catalog.select(List.of("io", "startup.noop", "io.rand-read", "cpu"))
                .stream().map(Workload::id).toList();
        assertEquals(List.of("startup.noop", "cpu.sha256", "cpu.matmul", "io.seq-write", "io.rand-read"), picked);
    }

    @Test
    void selectRefusesUnknownNamesWithTheValidOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Catalog.select(List.of("cpu", "gpu")));
        assertTrue(e.getMessage().contains("'gpu'") && e.getMessage().contains("memory.triad"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Catalog.select(List.of()));
    }

    @Test
    void exactlyTheNetWorkloadsNeedANetworkAndTheyAreInTheDefaultSuite() {
        List<String> net = Catalog.defaults().stream().filter(Workload::needsNetwork).map(Workload::id).toList();
        assertEquals(List.of("net.tcp-stream", "net.tcp-rr", "net.tcp-crr"), net);
        assertEquals(net, Catalog.select(List.of("net")).stream().map(Workload::id).toList());
    }

    @Test
    void onlyIoWorkloadsNeedAScratchDirectory() {
        for (Workload w : Catalog.all()) {
            assertEquals(w.category().equals("io"), w.needsScratch(), w.id());
        }
    }
}
