package io.isobench.harness.peers;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What {@code isobench peers} prints and writes, for any kind of peer (container, vm):
 * a table and {@code {"peers":[{"name","medianMs","p90Ms","runs"}], "skipped":[{"name","reason"}]}}.
 *
 * @param results  measured peers, in the order measured
 * @param skipped  peer name → why it was not measured
 * @param notes    extra lines for the reader (e.g. a phase breakdown), printed under the table
 */
public record PeerTable(List<PeerResult> results, Map<String, String> skipped, List<String> notes) {

    public PeerTable {
        results = List.copyOf(results);
        skipped = Map.copyOf(skipped);
        notes = List.copyOf(notes);
    }

    public void print(PrintWriter out) {
        int width = Math.max(4, results.stream().mapToInt(r -> r.name().length()).max().orElse(4));
        out.printf(Locale.ROOT, "%-" + width + "s  %10s  %10s  %5s%n", "peer", "median ms", "p90 ms", "runs");
        for (PeerResult r : results) {
            out.printf(Locale.ROOT, "%-" + width + "s  %10.2f  %10.2f  %5d%n", r.name(), r.medianMs(), r.p90Ms(), r.runs());
        }
        skipped.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> out.printf(Locale.ROOT, "skipped %s: %s%n", e.getKey(), e.getValue()));
        notes.forEach(out::println);
        out.flush();
    }

    public void writeJson(Path file) throws IOException {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = mapper.createObjectNode();
        var peers = root.putArray("peers");
        for (PeerResult r : results) {
            peers.addObject().put("name", r.name()).put("medianMs", round(r.medianMs())).put("p90Ms", round(r.p90Ms()))
                    .put("runs", r.runs());
        }
        var skip = root.putArray("skipped");
        skipped.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> skip.addObject().put("name", e.getKey()).put("reason", e.getValue()));
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, mapper.writeValueAsString(root) + "\n");
    }

    private static double round(double ms) {
        return Math.round(ms * 1000) / 1000.0;
    }
}
