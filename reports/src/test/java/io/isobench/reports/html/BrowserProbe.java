package io.isobench.reports.html;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Opens a report in headless chromium and reports what the page did: which images are
 * visible (decoded and with a size on the page), which requests the Content-Security-Policy
 * blocked, which resources were fetched, and whether the page is wider than the window.
 * The report has no script, so the check runs in a copy with a probe script added (and the
 * CSP extended by inline scripts only). Also used by the harness's end-to-end test.
 */
public final class BrowserProbe {
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

    private BrowserProbe() {
    }

    /** What the page did; {@code raw} is the probe's JSON for assertion messages. */
    public record Seen(List<String> visible, List<String> hidden, boolean noViolations, boolean noResources,
                       int scrollWidth, int innerWidth, String raw) {
    }

    /** Probes {@code page} (HTML text) via a copy written as {@code copy}, in a window {@code width} pixels wide. */
    public static Seen probe(String page, Path copy, int width) throws Exception {
        String withProbe = page.replace(HtmlReport.CSP, HtmlReport.CSP + "; script-src 'unsafe-inline'")
                .replaceFirst("(<meta http-equiv=\"Content-Security-Policy\"[^>]*>)", "$1\n" + Matcher.quoteReplacement(PROBE));
        if (!withProbe.contains("id = 'probe'") || !withProbe.contains("script-src")) {
            throw new AssertionError("probe not inserted: the page has no CSP meta");
        }
        Files.writeString(copy, withProbe);
        String dom = Chromium.dumpDom(copy, width, 900);
        Matcher m = Pattern.compile("<pre id=\"probe\">(.*?)</pre>", Pattern.DOTALL).matcher(dom);
        if (!m.find()) {
            throw new AssertionError("the probe did not run:\n" + dom.substring(0, Math.min(2000, dom.length())));
        }
        String raw = m.group(1).replace("&quot;", "\"").replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">");
        List<String> visible = new ArrayList<>();
        List<String> hidden = new ArrayList<>();
        Matcher img = Pattern.compile("\"(visible|hidden) ([^\"]*)\"").matcher(raw);
        while (img.find()) {
            (img.group(1).equals("visible") ? visible : hidden).add(img.group(2));
        }
        Matcher w = Pattern.compile("\"scrollWidth\":(\\d+),\"innerWidth\":(\\d+)").matcher(raw);
        if (!w.find()) {
            throw new AssertionError("no widths in " + raw);
        }
        return new Seen(visible, hidden, raw.contains("\"violations\":[]"), raw.contains("\"resources\":[]"),
                Integer.parseInt(w.group(1)), Integer.parseInt(w.group(2)), raw);
    }

    /** A screenshot of the page as it is (no probe). */
    public static void screenshot(Path page, Path png, int width, int height) throws Exception {
        Chromium.screenshot(page, png, width, height);
    }
}
