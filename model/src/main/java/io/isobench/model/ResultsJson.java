package io.isobench.model;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
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

    /**
     * Writes {@code results.json} so that it is always either absent or whole: into a temporary
     * file, forced to disk, renamed over the target, and the directory forced too (the rename
     * itself must survive a crash). On failure the temporary file is removed.
     */
    public static void write(Path file, Results results) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp-" + ProcessHandle.current().pid());
        try {
            byte[] bytes = MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(results);
            try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    out.write(buffer);
                }
                out.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            Files.deleteIfExists(tmp);
            throw new IOException("cannot write " + file + ": " + e.getMessage(), e);
        }
        Path dir = file.toAbsolutePath().getParent();
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException e) {
            // Some filesystems cannot open a directory for fsync; the rename is still atomic.
        }
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

    /** The trials of a {@code trials.jsonl}, and whether its last line was torn (and dropped). */
    public record TrialLines(List<Trial> trials, boolean tornLastLine) {
    }

    /** Reads a {@code trials.jsonl}; a torn last line (crash mid-write) is ignored. */
    public static List<Trial> readTrials(Path file) throws IOException {
        return readTrialLines(file).trials();
    }

    /**
     * Reads a {@code trials.jsonl}. The last line may be torn (a kill in the middle of its
     * write): it is dropped and reported. Any other line that is not a trial is an error.
     */
    public static TrialLines readTrialLines(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        List<String> lines = text.lines().toList();
        List<Trial> trials = new ArrayList<>();
        boolean torn = false;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty()) {
                continue;
            }
            boolean last = i == lines.size() - 1;
            try {
                trials.add(parseLine(line));
            } catch (IOException e) {
                if (!last) {
                    throw new IOException(file + " line " + (i + 1) + " is not a trial: " + e.getMessage(), e);
                }
                torn = true;
            }
        }
        return new TrialLines(trials, torn);
    }
}
