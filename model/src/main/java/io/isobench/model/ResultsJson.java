package io.isobench.model;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads and writes the result files; the one place that knows their JSON form. */
public final class ResultsJson {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .configure(SerializationFeature.FAIL_ON_EMPTY_BEANS, false);

    private ResultsJson() {
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public static void write(Path file, Results results) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        MAPPER.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), results);
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * Reads {@code results.json}; refuses other schema versions with a clear message
     * instead of misreading them.
     */
    public static Results read(Path file) throws IOException {
        var tree = MAPPER.readTree(file.toFile());
        int schema = tree.path("schema").asInt(-1);
        if (schema != Results.SCHEMA) {
            throw new IOException(file + " has results schema " + schema
                    + ", this isobench reads schema " + Results.SCHEMA);
        }
        return MAPPER.treeToValue(tree, Results.class);
    }

    public static String line(Trial trial) {
        try {
            return MAPPER.writeValueAsString(trial);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Trial parseLine(String line) throws IOException {
        return MAPPER.readValue(line, Trial.class);
    }

    /** Reads a {@code trials.jsonl}; a torn last line (crash mid-write) is ignored. */
    public static List<Trial> readTrials(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file);
        List<Trial> trials = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty()) {
                continue;
            }
            try {
                trials.add(parseLine(line));
            } catch (IOException e) {
                if (i < lines.size() - 1) {
                    throw new IOException(file + " line " + (i + 1) + " is not a trial: " + e.getMessage(), e);
                }
            }
        }
        return trials;
    }
}
