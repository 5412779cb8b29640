package io.isobench.reports.charts;

/** One chart, encoded both ways: SVG (crisp, inlined in report.html) and PNG (for slides and chats). */
public record RenderedChart(String name, String title, byte[] svg, byte[] png) {
}
