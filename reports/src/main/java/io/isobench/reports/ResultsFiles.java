package io.isobench.reports;

import io.isobench.model.Results;
import io.isobench.model.ResultsJson;
import io.isobench.model.Trial;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * Finds and reads the results a user points at: a run directory (its results.json, or
 * its trials.jsonl when the run died before writing results.json), a results.json or a
 * trials.jsonl. Every failure is one sentence naming the file.
 */
public final class ResultsFiles {
    private ResultsFiles() {
    }

    /** A results file that cannot be used, with the sentence that says why. */
    public static final class Unusable extends Exception {
        public Unusable(String message) {
            super(message);
        }
    }

    public static Results load(Path path) throws Unusable {
        if (!Files.exists(path)) {
            throw new Unusable(path + " does not exist");
        }
        Path file = path;
        if (Files.isDirectory(path)) {
            file = path.resolve("results.json");
            if (!Files.exists(file)) {
                file = path.resolve("trials.jsonl");
            }
            if (!Files.exists(file)) {
                throw new Unusable(path + " holds no results.json or trials.jsonl");
            }
        }
        if (!Files.isReadable(file)) {
            throw new Unusable(file + " is not readable");
        }
        try {
            if (file.getFileName().toString().endsWith(".jsonl")) {
                List<Trial> trials = ResultsJson.readTrials(file);
                if (trials.isEmpty()) {
                    throw new Unusable(file + " holds no trials");
                }
                // A run that died before results.json: trials only, no host or config.
                return new Results(Results.SCHEMA, null, null, true, null, null, trials, List.of());
            }
            Results r = ResultsJson.read(file);
            if (r.trials() == null) {
                throw new Unusable(file + " has no trials");
            }
            return r;
        } catch (NoSuchFileException e) {
            throw new Unusable(file + " does not exist");
        } catch (IOException e) {
            String m = e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().orElse("");
            if (m.contains("schema")) {
                throw new Unusable(m);
            }
            throw new Unusable(file + " is not an isobench results file: " + m);
        } catch (RuntimeException e) {
            throw new Unusable(file + " is not an isobench results file: " + e.getMessage());
        }
    }
}
