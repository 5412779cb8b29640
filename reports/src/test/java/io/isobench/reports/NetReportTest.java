package io.isobench.reports;

import io.isobench.model.Results;
import io.isobench.reports.analysis.NetSummary;
import io.isobench.reports.charts.NetCharts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.CategoryChart;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The report's network section on the results of real runs (kept as fixtures in
 * src/test/resources/net-runs, made 2026-12-03 on the development VM):
 * {@code isobench run --runtimes bare,container --workloads net --quick --trials 3
 * --warmups 1}, and the same for the container with {@code container.net=bridge-nat}. The
 * section has the Felter-style table (link, offloads, medians with intervals) and four bar
 * charts (throughput, p50 and p99 round trip, CPU per GB) in report.md and report.html, placed in
 * the network section and not repeated among the general charts.
 */
class NetReportTest {

    static Results fixture(String name) throws Exception {
        Path copy = Files.createTempFile("isobench-net-fixture", ".json");
        try (var in = NetReportTest.class.getResourceAsStream("/net-runs/" + name + ".json")) {
            Files.copy(in, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        try {
            return ResultsFiles.load(copy);
        } finally {
            Files.delete(copy);
        }
    }

    /** report.md's "## Network" section, up to the next section. */
    private static String networkSection(Path dir) throws Exception {
        String md = Files.readString(dir.resolve("report.md"));
        int section = md.indexOf("## Network\n");
        assertTrue(section > 0, md);
        int end = md.indexOf("\n## ", section + 1);
        return md.substring(section, end < 0 ? md.length() : end);
    }

    @Test
    void aRealBareAndContainerRunHasANetworkSectionWithTableAndCharts(@TempDir Path dir) throws Exception {
        Results results = fixture("bare-container-veth");
        ReportWriter.writeAll(dir, results);

        String net = networkSection(dir);
        assertTrue(net.contains("| runtime | link | offloads | stream throughput | client CPU per GB | rr p50 | rr p99 | crr rate |"), net);
        // Medians of the fixture's three measured trials (the warm-up is not counted).
        assertTrue(net.contains("| bare | veth | tx-checksum on, tso on | 6.71 Gbit/s ["), net);
        assertTrue(net.contains("| 28.2 us ["), "bare's rr p50 is the median of 28.2, 63.6 and 24.4: " + net);
        assertTrue(net.contains("| container | veth | tx-checksum on, tso on | 8.57 Gbit/s ["), net);
        for (String chart : NetCharts.NAMES) {
            assertTrue(net.contains("](charts/" + chart + ".png)"), chart + " not linked: " + net);
            assertTrue(Files.size(dir.resolve("charts").resolve(chart + ".png")) > 1000, chart);
            assertTrue(Files.size(dir.resolve("charts").resolve(chart + ".svg")) > 1000, chart);
        }

        String html = Files.readString(dir.resolve("report.html"));
        int netStart = html.indexOf("<h2>Network</h2>");
        int netEnd = html.indexOf("<h2>", netStart + 1);
        assertTrue(netStart > 0 && netEnd > netStart, "no network section in report.html");
        String netHtml = html.substring(netStart, netEnd);
        assertTrue(netHtml.contains("<td>bare</td><td>veth</td><td>tx-checksum on, tso on</td>"), netHtml);
        for (String title : List.of("Bulk TCP throughput per runtime", "TCP request/response round trip, p50, per runtime",
                "TCP request/response round trip, p99, per runtime", "Client CPU per GB sent per runtime")) {
            assertTrue(netHtml.contains("<figure><img alt=\"" + title), title + " not in the network section");
            assertEquals(1, count(html, "<figure><img alt=\"" + title), title + " shown once, in the network section only");
        }
    }

    /** Each chart has one bar per runtime, at the median, with the median's interval as error bar. */
    @Test
    void theChartsShowEachRuntimesMedianWithItsInterval() throws Exception {
        Source s = Source.labelled(List.of(fixture("bare-container-veth"))).get(0);
        Map<String, CategoryChart> charts = NetCharts.charts(s);
        assertEquals(NetCharts.NAMES, List.copyOf(charts.keySet()));
        CategoryChart latency = charts.get("net-rr-p50");
        assertEquals(List.of("bare (veth)", "container (veth)"), List.copyOf(latency.getSeriesMap().keySet()));
        var bare = latency.getSeriesMap().get("bare (veth)");
        List<?> ys = List.copyOf(bare.getYData());
        assertEquals(List.of("net.tcp-rr p50"), List.copyOf(bare.getXData()));
        assertEquals(28.173, ((Number) ys.get(0)).doubleValue(), 1e-9);
        NetSummary row = NetSummary.of(s.results().trials(), s.analysis()).get(0);
        assertEquals(row.median("rr p99"), ((Number) List.copyOf(charts.get("net-rr-p99").getSeriesMap().get("bare (veth)")
                .getYData()).get(0)).doubleValue(), 1e-9);
        var ci = row.figures().get("rr p50").stats().medianCi();
        double err = ((Number) List.copyOf(bare.getExtraValues()).get(0)).doubleValue();
        assertEquals(Math.max(28.173 - ci.low(), ci.high() - 28.173), err, 1e-9, "the longer half of the interval");
        assertTrue(err > 0, "three trials give an interval");

        BufferedImage png = ImageIO.read(new java.io.ByteArrayInputStream(NetCharts.render(s).get(1).png()));
        assertEquals(900, png.getWidth());
        assertTrue(hasColour(png, new java.awt.Color(0x4C72B0)) && hasColour(png, new java.awt.Color(0xDD8452)),
                "bare's and the container's bars are drawn in their colours");
    }

    /**
     * A real three-runtime run from inside the nested rig (2026-12-03, docs/network.md): the VM's
     * row in both reports' network sections, on its own link kind, and its bar in every chart.
     */
    @Test
    void aRigRunWithTheVmHasItsRowAndBars(@TempDir Path dir) throws Exception {
        Results results = fixture("rig-bare-container-vm");
        ReportWriter.writeAll(dir, results);
        String net = networkSection(dir);
        for (String row : List.of("| bare | veth | tx-checksum on, tso on | 0.148 Gbit/s [", "| container | veth |",
                "| vm | virtio-net | tx-checksum on, tso on | ")) {
            assertTrue(net.contains(row), row + " missing: " + net);
        }
        String html = Files.readString(dir.resolve("report.html"));
        String netHtml = html.substring(html.indexOf("<h2>Network</h2>"), html.indexOf("<h2>", html.indexOf("<h2>Network</h2>") + 1));
        assertTrue(netHtml.contains("<td>vm</td><td>virtio-net</td>"), netHtml);
        Source s = Source.labelled(List.of(results)).get(0);
        NetCharts.charts(s).forEach((name, chart) -> assertEquals(List.of("bare (veth)", "container (veth)", "vm (virtio-net)"),
                List.copyOf(chart.getSeriesMap().keySet()), name));
    }

    /** Two runs merged (veth run, bridge-nat run): each run's section names its link; chart files are prefixed per run. */
    @Test
    void aMergedReportTellsBridgeNatFromVeth(@TempDir Path dir) throws Exception {
        List<Source> sources = Source.labelled(List.of(fixture("bare-container-veth"), fixture("container-bridge-nat")));
        ReportWriter.write(dir, sources);
        String md = Files.readString(dir.resolve("report.md"));
        assertTrue(md.contains("| container | bridge-nat | tx-checksum on, tso on |"), md);
        String prefix = io.isobench.reports.charts.ChartSet.slug(sources.get(1).label()) + "-";
        assertTrue(md.contains("](charts/" + prefix + "net-rr-p50.png)"), md);
        assertTrue(Files.exists(dir.resolve("charts").resolve(prefix + "net-rr-p50.png")));
        assertEquals(List.of("container (bridge-nat)"),
                List.copyOf(NetCharts.charts(sources.get(1)).get("net-rr-p50").getSeriesMap().keySet()));
        String html = Files.readString(dir.resolve("report.html"));
        String netHtml = html.substring(html.indexOf("<h2>Network</h2>"), html.indexOf("<h2>", html.indexOf("<h2>Network</h2>") + 1));
        assertEquals(8, count(netHtml, "<figure>"), "four charts per run in the network section");
        assertFalse(html.substring(html.indexOf("<h2>Charts")).contains("round trip, p50, per runtime"), "not repeated below");
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }

    private static boolean hasColour(BufferedImage img, java.awt.Color c) {
        for (int y = 0; y < img.getHeight(); y += 2) {
            for (int x = 0; x < img.getWidth(); x += 2) {
                if ((img.getRGB(x, y) & 0xFFFFFF) == (c.getRGB() & 0xFFFFFF)) {
                    return true;
                }
            }
        }
        return false;
    }
}
