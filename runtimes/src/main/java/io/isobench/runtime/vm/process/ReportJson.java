package io.isobench.runtime.vm.process;

import java.util.List;
import java.util.Map;

/**
 * {@link VmmReport} as JSON, written by hand in the monitor. Jackson (what reads it, in the
 * harness) cost the monitor ~500 classes, their reflection and a serializer cache at its very
 * end, on the path from the VM's stop to the process's exit (docs/vm-monitor.md, "The
 * monitor's own start and end"); the report is a fixed record of strings, numbers, lists and
 * maps. Field names are the record's components, as Jackson names them.
 */
final class ReportJson {
    private ReportJson() {
    }

    static String of(VmmReport r) {
        StringBuilder b = new StringBuilder(1024).append('{');
        b.append("\"marks\":[");
        for (int i = 0; i < r.marks().size(); i++) {
            VmmReport.NamedInstant m = r.marks().get(i);
            b.append(i == 0 ? "" : ",").append("{\"name\":");
            string(b, m.name());
            b.append(",\"nanoTime\":").append(m.nanoTime()).append('}');
        }
        b.append("],\"exitCode\":").append(r.exitCode());
        b.append(",\"failure\":");
        string(b, r.failure());
        b.append(",\"stopReason\":");
        string(b, r.stopReason());
        field(b, "exits", r.exits());
        b.append(",\"guestMemoryBytes\":").append(r.guestMemoryBytes());
        b.append(",\"touchedBytes\":").append(r.touchedBytes());
        b.append(",\"rssBytes\":").append(r.rssBytes());
        b.append(",\"consoleTail\":");
        strings(b, r.consoleTail());
        field(b, "disk", r.disk());
        field(b, "net", r.net());
        field(b, "serial", r.serial());
        field(b, "rootDisk", r.rootDisk());
        return b.append('}').toString();
    }

    private static void field(StringBuilder b, String name, Map<String, Long> map) {
        b.append(",\"").append(name).append("\":");
        if (map == null) {
            b.append("null");
            return;
        }
        b.append('{');
        boolean first = true;
        for (Map.Entry<String, Long> e : map.entrySet()) {
            b.append(first ? "" : ",");
            first = false;
            string(b, e.getKey());
            b.append(':').append(e.getValue());
        }
        b.append('}');
    }

    private static void strings(StringBuilder b, List<String> list) {
        if (list == null) {
            b.append("null");
            return;
        }
        b.append('[');
        for (int i = 0; i < list.size(); i++) {
            b.append(i == 0 ? "" : ",");
            string(b, list.get(i));
        }
        b.append(']');
    }

    /** A JSON string: quotes, backslashes and every control character escaped (console lines carry any byte). */
    static void string(StringBuilder b, String s) {
        if (s == null) {
            b.append("null");
            return;
        }
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f || Character.isSurrogate(c) || c == 0x2028 || c == 0x2029) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        b.append('"');
    }
}
