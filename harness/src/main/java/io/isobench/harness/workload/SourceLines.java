package io.isobench.harness.workload;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonMappingException;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * The line where each value of a JSON or YAML document starts, by path
 * ({@code workloads[0].timeout}), so that an error Jackson finds while binding (it reports
 * where its parser stopped, often the next entry) names the line of the value at fault.
 */
final class SourceLines {
    private final Map<String, Integer> lines = new HashMap<>();

    private SourceLines() {
    }

    /** Indexes the document; an unparseable one gives an empty index (the parse error has its own line). */
    static SourceLines of(String text, JsonFactory factory) {
        SourceLines index = new SourceLines();
        try (JsonParser p = factory.createParser(text)) {
            Deque<Object> path = new ArrayDeque<>(); // field names (String) and array indexes (int[])
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                if (t == JsonToken.FIELD_NAME) {
                    path.push(p.currentName());
                    continue;
                }
                if (!path.isEmpty() && path.peek() instanceof int[] i) {
                    i[0]++;
                }
                if (t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) {
                    if (t == JsonToken.END_ARRAY) {
                        path.pop();
                    }
                    popField(path);
                    continue;
                }
                index.lines.putIfAbsent(key(path), p.currentTokenLocation().getLineNr());
                if (t == JsonToken.START_ARRAY) {
                    path.push(new int[] {-1});
                } else if (t != JsonToken.START_OBJECT) {
                    popField(path);
                }
            }
        } catch (Exception e) {
            // Keep what was indexed before the syntax error.
        }
        return index;
    }

    private static void popField(Deque<Object> path) {
        if (!path.isEmpty() && path.peek() instanceof String) {
            path.pop();
        }
    }

    private static String key(Deque<Object> path) {
        StringBuilder b = new StringBuilder();
        path.descendingIterator().forEachRemaining(o -> {
            if (o instanceof int[] i) {
                b.append('[').append(i[0]).append(']');
            } else {
                b.append(b.length() == 0 ? "" : ".").append(o);
            }
        });
        return b.toString();
    }

    /** The line of the deepest value on the error's path that was indexed, or 0. */
    int lineOf(JsonMappingException e) {
        StringBuilder b = new StringBuilder();
        int best = 0;
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                b.append(b.length() == 0 ? "" : ".").append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                b.append('[').append(r.getIndex()).append(']');
            }
            best = lines.getOrDefault(b.toString(), best);
        }
        return best;
    }
}
