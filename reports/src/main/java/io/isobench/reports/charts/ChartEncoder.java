package io.isobench.reports.charts;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.internal.chartpart.Chart;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Encodes an XChart chart as SVG and PNG bytes, headless (reports render on servers and in CI). */
final class ChartEncoder {
    static {
        System.setProperty("java.awt.headless", "true");
    }

    private ChartEncoder() {
    }

    static RenderedChart encode(String name, Chart<?, ?> chart) throws IOException {
        ByteArrayOutputStream svg = new ByteArrayOutputStream();
        VectorGraphicsEncoder.saveVectorGraphic(chart, svg, VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
        byte[] png = BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
        return new RenderedChart(name, chart.getTitle(), svg.toString(StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8), png);
    }
}
