package io.isobench.reports.charts;

import org.junit.jupiter.api.Test;
import org.knowm.xchart.CategoryChart;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** peers net's table as charts: one bar per link kind at the median of the rounds, the rounds' spread as error bar. */
class LinkKindChartsTest {

    @Test
    void oneBarPerLinkKindAtTheMedianWithTheRoundsSpread() throws Exception {
        Map<String, Map<String, List<Double>>> samples = new java.util.LinkedHashMap<>();
        samples.put("bare veth", Map.of("net.tcp-rr:p50", List.of(20.0, 30.0, 22.0), "net.tcp-stream:throughput", List.of(5.0, 6.0, 7.0)));
        samples.put("container bridge-nat", Map.of("net.tcp-rr:p50", List.of(40.0, 41.0, 50.0)));
        Map<String, CategoryChart> charts = LinkKindCharts.charts(samples, 3);
        assertEquals(List.of("peers-net-throughput", "peers-net-rr-p50"), List.copyOf(charts.keySet()), "no crr or p99 data: no chart");
        var series = charts.get("peers-net-rr-p50").getSeriesMap().values().iterator().next();
        assertEquals(List.of("bare veth", "container bridge-nat"), List.copyOf(series.getXData()));
        assertEquals(List.of(22.0, 41.0), List.copyOf(series.getYData()).stream().map(n -> ((Number) n).doubleValue()).toList());
        // bare: 20..30 around 22 -> 8; bridge-nat: 40..50 around 41 -> 9
        assertEquals(List.of(8.0, 9.0), List.copyOf(series.getExtraValues()).stream().map(n -> ((Number) n).doubleValue()).toList());
        assertTrue(charts.get("peers-net-rr-p50").getTitle().contains("median of 3 rounds, bar = spread of the rounds"));
        List<RenderedChart> rendered = LinkKindCharts.render(samples, 3);
        assertEquals(2, rendered.size());
        assertTrue(rendered.get(0).png().length > 1000 && rendered.get(0).svg().length > 1000);
    }
}
