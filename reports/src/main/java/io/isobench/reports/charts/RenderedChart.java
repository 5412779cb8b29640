package io.isobench.reports.charts;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** One chart, encoded both ways: SVG (crisp, inlined in report.html) and PNG (for slides and chats). */
public record RenderedChart(String name, String title, byte[] svg, byte[] png) {
    /** Writes DIR/NAME.svg and DIR/NAME.png (DIR must exist); returns the two files. */
    public List<Path> writeTo(Path dir) throws IOException {
        Path svgFile = Files.write(dir.resolve(name + ".svg"), svg);
        Path pngFile = Files.write(dir.resolve(name + ".png"), png);
        return List.of(svgFile, pngFile);
    }
}
