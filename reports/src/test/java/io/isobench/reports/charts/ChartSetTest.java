package io.isobench.reports.charts;

import io.isobench.reports.Source;
import io.isobench.reports.Synthetic;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChartSetTest {
    @Test
    void everyChartIsRenderedAsSvgAndPng() throws Exception {
        List<RenderedChart> charts = ChartSet.render(Source.labelled(List.of(Synthetic.threeRuntimes().results())).get(0));
        assertEquals(List.of("timeline-startup.noop", "startup-startup.noop", "relative-to-bare", "memory-peak", "cpu-time",
                "io-throughput", "vm-exits"), charts.stream().map(RenderedChart::name).toList());
        for (RenderedChart c : charts) {
            var factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            Document svg = factory.newDocumentBuilder().parse(new ByteArrayInputStream(c.svg()));
            assertEquals("svg", svg.getDocumentElement().getLocalName() == null ? svg.getDocumentElement().getTagName()
                    : svg.getDocumentElement().getLocalName(), c.name());
            BufferedImage png = ImageIO.read(new ByteArrayInputStream(c.png()));
            assertEquals(Style.WIDTH, png.getWidth(), c.name());
            assertEquals(Style.HEIGHT, png.getHeight(), c.name());
            assertTrue(colours(png) > 4, c.name() + " looks blank");
            assertTrue(c.title() != null && !c.title().isBlank(), c.name());
        }
        String timelineSvg = new String(charts.get(0).svg(), java.nio.charset.StandardCharsets.UTF_8);
        // VectorGraphics2D draws text as outlines: the SVG needs no font on the reader's machine.
        assertTrue(timelineSvg.contains("viewBox=\"0 0 900 480\"") && timelineSvg.contains("<path"), "a drawn SVG");
    }

    @Test
    void aSingleRuntimeWithoutStartupWorkloadsGetsOnlyWhatMeansSomething() throws Exception {
        Synthetic s = new Synthetic(9).metric("bare", "cpu.sha256", 3, "throughput", "ops/s", true, 100, 0.01);
        List<String> names = ChartSet.render(Source.labelled(List.of(s.results())).get(0)).stream().map(RenderedChart::name).toList();
        assertEquals(List.of("memory-peak", "cpu-time", "io-throughput"), names, "no ratio without bare and another runtime, no VM exits");
    }

    @Test
    void timelinePhasesStackInTimelineOrderAcrossRuntimes() {
        Synthetic s = new Synthetic(3).startup("bare", "startup.noop", 2, 2, 0.01);
        for (int i = 1; i <= 2; i++) {
            s.add(new io.isobench.model.Trial("container", "startup.noop", i, false, io.isobench.model.Status.OK, null,
                    new io.isobench.model.Timeline(List.of(new io.isobench.model.Phase("launcher", 1), new io.isobench.model.Phase("cgroup", 1),
                            new io.isobench.model.Phase("namespaces", 1), new io.isobench.model.Phase("root", 2),
                            new io.isobench.model.Phase("exec", 1), new io.isobench.model.Phase("exit", 1)), null, 7),
                    null, null, null, null));
        }
        var a = io.isobench.reports.analysis.Analysis.of(s.trials());
        var chart = ChartSet.timeline(s.trials(), a, "startup.noop");
        assertEquals(List.of("launcher", "cgroup", "namespaces", "root", "exec", "exit"), List.copyOf(chart.getSeriesMap().keySet()));
    }

    static int colours(BufferedImage img) {
        Set<Integer> seen = new HashSet<>();
        for (int y = 0; y < img.getHeight(); y += 3) {
            for (int x = 0; x < img.getWidth(); x += 3) {
                seen.add(img.getRGB(x, y));
            }
        }
        return seen.size();
    }
}
