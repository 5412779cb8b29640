package io.isobench.reports;

import io.isobench.model.Results;
import io.isobench.model.ResultsJson;
import io.isobench.model.Status;
import io.isobench.model.Trial;
import io.isobench.model.TrialLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ResultsFilesTest {
    @Test
    void aRunThatDiedBeforeResultsJsonIsReadFromItsTrialLogAndRendered(@TempDir Path dir) throws Exception {
        List<Trial> trials = new Synthetic(12).startup("bare", "startup.noop", 3, 2, 0.05).trials();
        try (TrialLog log = new TrialLog(dir.resolve("trials.jsonl"))) {
            for (Trial t : trials) {
                log.append(t);
            }
        }
        Files.writeString(dir.resolve("trials.jsonl"), "{\"runtime\":\"bare\",\"wor", java.nio.file.StandardOpenOption.APPEND);
        Results r = ResultsFiles.load(dir);
        assertEquals(3, r.trials().size(), "the torn last line is ignored");
        ReportWriter.writeAll(dir, r);
        String html = Files.readString(dir.resolve("report.html"));
        assertTrue(html.contains("rebuilt from trials.jsonl"), html.substring(0, 500));
        assertTrue(Files.readString(dir.resolve("report.md")).contains("| startup.noop | totalMs (ms) |"));
    }

    @Test
    void aRunWhereEveryTrialFailedStillGetsAReportThatSaysWhy(@TempDir Path dir) throws Exception {
        Synthetic s = new Synthetic(1);
        for (int i = 1; i <= 3; i++) {
            s.add(new Trial("container", "startup.noop", i, false, Status.FAILED, "cannot mount overlay", null, null, null, null, null));
        }
        ReportWriter.writeAll(dir, s.results());
        String md = Files.readString(dir.resolve("report.md"));
        assertTrue(md.contains("3 trials left out of the statistics: container startup.noop failed: cannot mount overlay"), md);
    }

    @Test
    void unusableInputsAreOneSentence(@TempDir Path dir) throws Exception {
        assertEquals(dir.resolve("nope") + " does not exist",
                assertThrows(ResultsFiles.Unusable.class, () -> ResultsFiles.load(dir.resolve("nope"))).getMessage());
        assertEquals(dir + " holds no results.json or trials.jsonl",
                assertThrows(ResultsFiles.Unusable.class, () -> ResultsFiles.load(dir)).getMessage());
        Path bad = Files.writeString(dir.resolve("results.json"), "[1, 2");
        assertTrue(assertThrows(ResultsFiles.Unusable.class, () -> ResultsFiles.load(bad)).getMessage()
                .startsWith(bad + " is not an isobench results file: "));
        Files.writeString(bad, "{\"schema\": 9, \"trials\": []}");
        assertTrue(assertThrows(ResultsFiles.Unusable.class, () -> ResultsFiles.load(dir)).getMessage().contains("schema 9"));
        Path empty = Files.createDirectories(dir.resolve("empty"));
        Files.writeString(empty.resolve("trials.jsonl"), "");
        assertEquals(empty.resolve("trials.jsonl") + " holds no trials",
                assertThrows(ResultsFiles.Unusable.class, () -> ResultsFiles.load(empty)).getMessage());
        Results ok = new Synthetic(2).startup("bare", "startup.noop", 2, 2, 0.05).results();
        ResultsJson.write(dir.resolve("results.json"), ok);
        assertEquals(2, ResultsFiles.load(dir).trials().size());
    }
}
