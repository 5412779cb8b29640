package io.isobench.reports.compare;

import io.isobench.model.Metric;
import io.isobench.model.Results;
import io.isobench.model.SummaryRow;
import io.isobench.model.Timeline;
import io.isobench.model.Trial;
import io.isobench.reports.Synthetic;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GateTest {
    static final Gate GATE = new Gate(5, 0.05);

    static Results base() {
        return Synthetic.threeRuntimes().results();
    }

    /** A copy whose trials of one runtime and workload have one figure transformed. */
    static Results edit(Results r, String runtime, String workload, UnaryOperator<Trial> f) {
        List<Trial> trials = r.trials().stream().map(t -> t.runtime().equals(runtime) && t.workload().equals(workload) ? f.apply(t) : t).toList();
        return new Results(r.schema(), r.startedAt(), r.finishedAt(), r.interrupted(), r.host(), r.config(), trials,
                io.isobench.reports.analysis.Analysis.of(trials).summaryRows());
    }

    static Trial slower(Trial t, double factor) {
        Timeline tl = t.timeline();
        return new Trial(t.runtime(), t.workload(), t.trial(), t.warmup(), t.status(), t.reason(),
                new Timeline(tl.phases(), tl.readyMs(), tl.totalMs() * factor), t.resources(), t.metrics(), t.vm(), t.startedAt());
    }

    static Trial throughput(Trial t, double factor) {
        List<Metric> ms = t.metrics().stream().map(m -> new Metric(m.name(), m.value() * factor, m.unit(), m.error(), m.higherIsBetter())).toList();
        return new Trial(t.runtime(), t.workload(), t.trial(), t.warmup(), t.status(), t.reason(), t.timeline(), t.resources(), ms, t.vm(), t.startedAt());
    }

    @Test
    void aRunAgainstItselfPasses() throws Exception {
        GateReport r = GATE.compare(base(), base());
        assertEquals(0, r.exitCode());
        assertTrue(r.checks().size() > 10);
        assertTrue(r.checks().stream().allMatch(c -> c.outcome() == Outcome.UNCHANGED), r.toString());
    }

    @Test
    void oneFigureTwentyPercentWorseFails() throws Exception {
        GateReport r = GATE.compare(base(), edit(base(), "container", "startup.noop", t -> slower(t, 1.2)));
        assertEquals(1, r.exitCode());
        assertEquals(1, r.regressions().size(), CompareMarkdown.render(r));
        Check c = r.regressions().get(0);
        assertEquals(List.of("container", "startup.noop", "totalMs"), List.of(c.runtime(), c.workload(), c.figure()));
        assertTrue(c.worsePercent() > 15 && c.worsePercent() < 25, "" + c.worsePercent());
        String md = CompareMarkdown.render(r);
        assertTrue(md.contains("**1 regression**"), md);
        assertTrue(md.lines().anyMatch(l -> l.startsWith("| ❌ regression | container | startup.noop | totalMs ↓ |")), md);
    }

    @Test
    void directionComesFromHigherIsBetter() throws Exception {
        GateReport lower = GATE.compare(base(), edit(base(), "vm", "cpu.sha256", t -> throughput(t, 0.8)));
        assertEquals(1, lower.exitCode());
        assertEquals("throughput", lower.regressions().get(0).figure());
        GateReport higher = GATE.compare(base(), edit(base(), "vm", "cpu.sha256", t -> throughput(t, 1.2)));
        assertEquals(0, higher.exitCode());
        assertEquals("throughput", higher.improvements().get(0).figure());
        GateReport faster = GATE.compare(base(), edit(base(), "bare", "startup.noop", t -> slower(t, 0.8)));
        assertEquals(0, faster.exitCode());
        assertEquals(1, faster.improvements().size());
    }

    @Test
    void aCopyOfTheSameTrialsIsComparedPairedSoNoiseCannotHideAnEdit() throws Exception {
        // Three very noisy trials (CV 30%): two independent runs could not show 20%, but an
        // edited copy of the same trials is paired, and every trial moved by exactly 20%.
        Results noisy = new Synthetic(8).startup("bare", "startup.noop", 3, 10, 0.3).results();
        GateReport r = GATE.compare(noisy, edit(noisy, "bare", "startup.noop", t -> slower(t, 1.2)));
        assertEquals(1, r.exitCode(), CompareMarkdown.render(r));
        assertEquals("same trials in both: paired test", r.regressions().get(0).note());
        // Independent runs of that distribution are not paired (different trials) and do not flag.
        Results other = new Synthetic(9).startup("bare", "startup.noop", 3, 10, 0.3).results();
        List<Trial> shifted = other.trials().stream().map(t -> new Trial(t.runtime(), t.workload(), t.trial(), t.warmup(), t.status(),
                t.reason(), t.timeline(), t.resources(), t.metrics(), t.vm(), "2026-01-02T00:00:0" + t.trial() + "Z")).toList();
        GateReport independent = GATE.compare(noisy, new Results(1, null, null, false, null, null, shifted, List.of()));
        assertTrue(independent.checks().stream().allMatch(c -> c.note() == null), CompareMarkdown.render(independent));
    }

    @Test
    void trialsEditedWithoutTheSummaryStillFail() throws Exception {
        Results b = base();
        Results e = edit(b, "container", "startup.noop", t -> slower(t, 1.2));
        Results stale = new Results(e.schema(), e.startedAt(), e.finishedAt(), e.interrupted(), e.host(), e.config(), e.trials(), b.summary());
        GateReport r = GATE.compare(b, stale);
        assertEquals(1, r.exitCode(), CompareMarkdown.render(r));
        assertEquals("totalMs", r.regressions().get(0).figure());
    }

    @Test
    void aWorkloadThatNoLongerRunsIsARegression() throws Exception {
        Results b = base();
        List<Trial> trials = b.trials().stream().map(t -> t.runtime().equals("vm") && t.workload().equals("cpu.sha256")
                ? new Trial(t.runtime(), t.workload(), t.trial(), t.warmup(), io.isobench.model.Status.TIMEOUT, "timed out after 300 s",
                null, null, null, null, t.startedAt()) : t).toList();
        GateReport r = GATE.compare(b, new Results(1, null, null, false, null, null, trials, List.of()));
        assertEquals(1, r.exitCode());
        Check c = r.regressions().get(0);
        assertEquals(List.of("vm", "cpu.sha256", "trials"), List.of(c.runtime(), c.workload(), c.figure()));
        assertEquals("no trial succeeded in CURRENT (timeout: timed out after 300 s)", c.note());
        assertTrue(r.onlyInBase().isEmpty(), r.onlyInBase().toString());
        assertTrue(CompareMarkdown.render(r).contains("| ❌ regression | vm | cpu.sha256 | trials ↓ |"), CompareMarkdown.render(r));
        // Not running a workload at all is no regression: it is listed.
        List<Trial> subset = b.trials().stream().filter(t -> !t.workload().equals("cpu.sha256")).toList();
        GateReport s = GATE.compare(b, new Results(1, null, null, false, null, null, subset, List.of()));
        assertEquals(0, s.exitCode());
        assertTrue(s.onlyInBase().contains("vm cpu.sha256 throughput"), s.onlyInBase().toString());
    }

    @Test
    void belowTheThresholdIsNoRegressionEvenWhenSignificant() throws Exception {
        GateReport r = new Gate(30, 0.05).compare(base(), edit(base(), "container", "startup.noop", t -> slower(t, 1.2)));
        assertEquals(0, r.exitCode());
    }

    @Test
    void anEditedSummaryCannotHideOrFakeNothing() throws Exception {
        // Someone makes a figure 20% worse in the summary only: the gate judges both and keeps the worse.
        Results b = base();
        List<SummaryRow> rows = b.summary().stream().map(s -> s.runtime().equals("vm") && s.workload().equals("startup.noop") && s.metric().equals("totalMs")
                ? new SummaryRow(s.runtime(), s.workload(), s.metric(), s.unit(), s.higherIsBetter(), s.n(), s.mean() * 1.2, s.median() * 1.2,
                s.stddev(), s.min() * 1.2, s.max() * 1.2, s.ciLow() * 1.2, s.ciHigh() * 1.2, s.medianCiLow() * 1.2, s.medianCiHigh() * 1.2,
                s.outliers()) : s).toList();
        Results edited = new Results(b.schema(), b.startedAt(), b.finishedAt(), b.interrupted(), b.host(), b.config(), b.trials(), rows);
        GateReport r = GATE.compare(b, edited);
        assertEquals(1, r.exitCode(), CompareMarkdown.render(r));
        assertTrue(r.regressions().get(0).note().contains("edited"), r.regressions().get(0).note());
    }

    @Test
    void inputsThatCannotBeComparedSaySo() {
        Results b = base();
        Results other = new Synthetic(1).startup("bare", "startup.other", 3, 5, 0.01).results();
        Incomparable e = assertThrows(Incomparable.class, () -> GATE.compare(b, other));
        assertEquals("BASE and CURRENT have no runtime, workload and figure in common", e.getMessage());
        Results schema2 = new Results(2, null, null, false, null, null, b.trials(), b.summary());
        assertTrue(assertThrows(Incomparable.class, () -> GATE.compare(b, schema2)).getMessage().contains("schema"));
        assertThrows(IllegalArgumentException.class, () -> new Gate(-1, 0.05));
        assertThrows(IllegalArgumentException.class, () -> new Gate(5, 1.5));
    }

    @Test
    void junitXmlHasATestCasePerFigureAndFailsTheRegression() throws Exception {
        GateReport r = GATE.compare(base(), edit(base(), "container", "startup.noop", t -> slower(t, 1.2)));
        String xml = JUnitXml.render(r);
        Document d = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        assertEquals(r.checks().size(), d.getElementsByTagName("testcase").getLength());
        assertEquals(1, d.getElementsByTagName("failure").getLength());
        assertEquals("1", d.getDocumentElement().getAttribute("failures"));
        assertEquals("isobench.container.startup.noop",
                ((org.w3c.dom.Element) d.getElementsByTagName("failure").item(0).getParentNode()).getAttribute("classname"));
    }
}
