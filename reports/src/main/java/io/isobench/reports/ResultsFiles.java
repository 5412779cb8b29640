package io.isobench.reports;

import io.isobench.model.Results;
import io.isobench.model.ResultsJson;
import io.isobench.model.Trial;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

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

    /**
     * A run directory whose run died before writing results.json (killed, host crashed):
     * reads its trials.jsonl, dropping a torn last line with a warning, and writes the
     * results.json the run would have written (summaries included; host and config are
     * unknown). Null when the directory has results.json or no trials.jsonl.
     */
    public static Results rebuild(Path dir, Consumer<String> warn) throws Unusable {
        Path json = dir.resolve("results.json");
        Path log = dir.resolve("trials.jsonl");
        if (!Files.isDirectory(dir) || Files.exists(json) || !Files.exists(log)) {
            return null;
        }
        ResultsJson.TrialLines lines;
        try {
            lines = ResultsJson.readTrialLines(log);
        } catch (IOException e) {
            throw new Unusable(log + " is not an isobench trial log: " + e.getMessage());
        }
        if (lines.tornLastLine()) {
            warn.accept(log + " ends with a torn line (the run was killed while writing it): dropped it");
        }
        if (lines.trials().isEmpty()) {
            throw new Unusable(log + " holds no trials");
        }
        Results r = new Results(Results.SCHEMA, null, null, true, null, null, lines.trials(),
                Summaries.summarize(lines.trials()));
        try {
            ResultsJson.write(json, r);
        } catch (IOException e) {
            throw new Unusable(e.getMessage());
        }
        warn.accept("rebuilt " + json + " from " + lines.trials().size() + " trials in " + log);
        return r;
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
