package io.isobench.reports.html;

import io.isobench.reports.ReportWriter;
import io.isobench.reports.Synthetic;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * report.html in a real browser (headless chromium): every chart is decoded and has a size
 * on the page, the page fits a phone's width, and no request leaves the file. The report
 * itself has no script; the check runs in a copy with a probe script added and the CSP
 * extended only by 'unsafe-inline' scripts. A screenshot stays in target/browser/.
 */
class HtmlReportBrowserTest {
    static final Path DIR = Path.of("target", "browser");
    static String html;

    /** Collects CSP violations from the first moment, and on load writes what it saw into the DOM. */
    static final String PROBE = """
            <script>
            var violations = [];
            document.addEventListener('securitypolicyviolation', function (e) { violations.push(e.violatedDirective + ' ' + e.blockedURI); });
            window.addEventListener('load', function () {
              var images = Array.from(document.images).map(function (i) {
                var r = i.getBoundingClientRect();
                return (i.complete && i.naturalWidth > 0 && r.width > 0 && r.height > 0 ? 'visible' : 'hidden') + ' ' + i.alt;
              });
              var resources = performance.getEntriesByType('resource').map(function (e) { return e.name; });
              var pre = document.createElement('pre');
              pre.id = 'probe';
              pre.textContent = JSON.stringify({images: images, violations: violations, resources: resources,
                scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth});
              document.body.appendChild(pre);
            });
            </script>
            """;

    @BeforeAll
    static void writeReport() throws Exception {
        Files.createDirectories(DIR);
        ReportWriter.writeAll(DIR, Synthetic.threeRuntimes().results());
        html = Files.readString(DIR.resolve("report.html"));
    }

    static Path probeCopy(String page, String name) throws Exception {
        String withProbe = page.replace(HtmlReport.CSP, HtmlReport.CSP + "; script-src 'unsafe-inline'")
                .replaceFirst("(<meta http-equiv=\"Content-Security-Policy\"[^>]*>)", "$1\n" + Matcher.quoteReplacement(PROBE));
        assertTrue(withProbe.contains("id = 'probe'") && withProbe.contains("script-src"), "probe not inserted");
        return Files.writeString(DIR.resolve(name), withProbe);
    }

    static String probe(Path page, int width) throws Exception {
        String dom = Chromium.dumpDom(page, width, 900);
        Matcher m = Pattern.compile("<pre id=\"probe\">(.*?)</pre>", Pattern.DOTALL).matcher(dom);
        assertTrue(m.find(), "the probe did not run:\n" + dom.substring(0, Math.min(2000, dom.length())));
        return m.group(1).replace("&quot;", "\"").replace("&amp;", "&");
    }

    @Test
    void theFileAsksForNothingOutsideItself() {
        assertTrue(html.contains("<meta http-equiv=\"Content-Security-Policy\" content=\"" + HtmlReport.CSP + "\">"));
        assertFalse(html.contains("<script"), "the report runs no script");
        assertFalse(html.contains("<link"), "no stylesheet or icon to fetch");
        assertFalse(Pattern.compile("(src|href)=\"(?!data:|#)").matcher(html).find(), "every src/href is inline or in-page");
        int charts = count(html, "<img ");
        assertEquals(7, charts, "every chart is inline");
    }

    @Test
    void everyChartIsVisibleOnAPhoneAndNothingIsRequested() throws Exception {
        String probe = probe(probeCopy(html, "probe.html"), 390);
        int images = count(probe, "\"visible ");
        assertEquals(7, images, probe);
        assertEquals(0, count(probe, "\"hidden "), probe);
        assertTrue(probe.contains("\"violations\":[]"), probe);
        assertTrue(probe.contains("\"resources\":[]"), probe);
        Matcher w = Pattern.compile("\"scrollWidth\":(\\d+),\"innerWidth\":(\\d+)").matcher(probe);
        assertTrue(w.find(), probe);
        assertTrue(Integer.parseInt(w.group(1)) <= Integer.parseInt(w.group(2)),
                "the page is wider than a phone (tables must scroll in place): " + probe);
    }

    @Test
    void theProbeWouldSeeARequestAndABrokenChart() throws Exception {
        // Control: the same check on a page that tries to load an external image must fail.
        String leaky = html.replace("<h1>", "<img alt=\"leak\" src=\"http://192.0.2.1/x.png\"><h1>");
        String probe = probe(probeCopy(leaky, "probe-leak.html"), 1200);
        assertTrue(probe.contains("img-src http://192.0.2.1/x.png"), probe);
        assertTrue(probe.contains("\"hidden leak\""), probe);
    }

    @Test
    void screenshotForTheRecord() throws Exception {
        Path png = DIR.resolve("report-screenshot.png");
        Files.deleteIfExists(png);
        Chromium.screenshot(DIR.resolve("report.html"), png, 1200, 4000);
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
