package io.isobench.reports.html;

/** A tiny HTML builder: escaped text in, markup out. */
final class Html {
    private final StringBuilder out = new StringBuilder();

    static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    Html raw(String markup) {
        out.append(markup);
        return this;
    }

    Html text(String s) {
        out.append(esc(s));
        return this;
    }

    /** An element with escaped text content. */
    Html el(String tag, String text) {
        out.append('<').append(tag).append('>').append(esc(text)).append("</").append(tag).append(">\n");
        return this;
    }

    /** A table: header cells and rows of escaped text; numeric columns right-aligned. */
    Html table(java.util.List<String> header, java.util.List<java.util.List<String>> rows, java.util.Set<Integer> numeric) {
        out.append("<div class=\"scroll\"><table>\n<thead><tr>");
        for (int i = 0; i < header.size(); i++) {
            out.append("<th").append(numeric.contains(i) ? " class=\"num\"" : "").append('>').append(esc(header.get(i))).append("</th>");
        }
        out.append("</tr></thead>\n<tbody>\n");
        for (var row : rows) {
            out.append("<tr>");
            for (int i = 0; i < row.size(); i++) {
                out.append("<td").append(numeric.contains(i) ? " class=\"num\"" : "").append('>').append(esc(row.get(i))).append("</td>");
            }
            out.append("</tr>\n");
        }
        out.append("</tbody></table></div>\n");
        return this;
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
