package io.isobench.reports.html;

import io.isobench.reports.ReportWriter;
import io.isobench.reports.Synthetic;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * report.html in a real browser (headless chromium): every chart is decoded and has a size
 * on the page, the page fits a phone's width, and no request leaves the file. A screenshot
 * stays in target/browser/.
 */
class HtmlReportBrowserTest {
    static final Path DIR = Path.of("target", "browser");
    static String html;

    @BeforeAll
    static void writeReport() throws Exception {
        Files.createDirectories(DIR);
        ReportWriter.writeAll(DIR, Synthetic.threeRuntimes().results());
        html = Files.readString(DIR.resolve("report.html"));
    }

    @Test
    void theFileAsksForNothingOutsideItself() {
        assertTrue(html.contains("<meta http-equiv=\"Content-Security-Policy\" content=\"" + HtmlReport.CSP + "\">"));
        assertFalse(html.contains("<script"), "the report runs no script");
        assertFalse(html.contains("<link"), "no stylesheet or icon to fetch");
        assertFalse(Pattern.compile("(src|href)=\"(?!data:|#)").matcher(html).find(), "every src/href is inline or in-page");
        assertEquals(7, count(html, "<img "), "every chart is inline");
    }

    @Test
    void everyChartIsVisibleOnAPhoneAndNothingIsRequested() throws Exception {
        BrowserProbe.Seen seen = BrowserProbe.probe(html, DIR.resolve("probe.html"), 390);
        assertEquals(7, seen.visible().size(), seen.raw());
        assertTrue(seen.hidden().isEmpty(), seen.raw());
        assertTrue(seen.noViolations(), seen.raw());
        assertTrue(seen.noResources(), seen.raw());
        assertTrue(seen.scrollWidth() <= seen.innerWidth(), "the page is wider than a phone (tables must scroll in place): " + seen.raw());
    }

    @Test
    void theProbeWouldSeeARequestAndABrokenChart() throws Exception {
        // Control: the same check on a page that tries to load an external image must fail.
        String leaky = html.replace("<h1>", "<img alt=\"leak\" src=\"http://192.0.2.1/x.png\"><h1>");
        BrowserProbe.Seen seen = BrowserProbe.probe(leaky, DIR.resolve("probe-leak.html"), 1200);
        assertTrue(seen.raw().contains("img-src http://192.0.2.1/x.png"), seen.raw());
        assertFalse(seen.noViolations());
        assertEquals(java.util.List.of("leak"), seen.hidden(), seen.raw());
    }

    @Test
    void screenshotForTheRecord() throws Exception {
        Path png = DIR.resolve("report-screenshot.png");
        Files.deleteIfExists(png);
        BrowserProbe.screenshot(DIR.resolve("report.html"), png, 1200, 4000);
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(1200, img.getWidth());
        int dark = 0;
        for (int y = 0; y < img.getHeight(); y += 4) {
            for (int x = 0; x < img.getWidth(); x += 4) {
                if ((img.getRGB(x, y) & 0xff) < 128) {
                    dark++;
                }
            }
        }
        assertTrue(dark > 1000, "the screenshot looks empty: " + dark + " dark samples");
    }

    static int count(String s, String part) {
        int n = 0;
        for (int i = s.indexOf(part); i >= 0; i = s.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }
}
