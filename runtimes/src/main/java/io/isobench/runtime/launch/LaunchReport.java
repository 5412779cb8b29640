package io.isobench.runtime.launch;

import io.isobench.runtime.Mark;

import java.util.ArrayList;
import java.util.List;

/**
 * What the launcher reported (see {@code src/main/c/launcher/report.h}), parsed:
 * <pre>
 *   mark &lt;name&gt; &lt;CLOCK_MONOTONIC ns&gt;
 *   rusage &lt;user ns&gt; &lt;system ns&gt; &lt;maxrss KiB&gt; &lt;inblock&gt; &lt;oublock&gt;
 *   exit &lt;code&gt; | signal &lt;number&gt;
 *   error &lt;one sentence&gt;
 * </pre>
 * Missing facts stay at -1 / null: a launcher killed by a timeout reports no exit.
 *
 * @param marks      in the order written (which is time order: one writer at a time)
 * @param exitCode   the command's exit code, or -1 when not reported
 * @param signal     the signal that ended the command, or -1
 * @param userNs     user CPU time of the launcher's reaped children, or -1
 * @param systemNs   system CPU time of the launcher's reaped children, or -1
 * @param maxRssKiB  largest resident set of any reaped child, or -1
 * @param errors     {@code error} sentences, first one first
 */
public record LaunchReport(List<Mark> marks, int exitCode, int signal, long userNs, long systemNs,
                           long maxRssKiB, List<String> errors) {

    public LaunchReport {
        marks = List.copyOf(marks);
        errors = List.copyOf(errors);
    }

    public boolean hasMark(String name) {
        return marks.stream().anyMatch(m -> m.name().equals(name));
    }

    /** Whether the launcher saw the command end (by exit or signal). */
    public boolean ended() {
        return exitCode >= 0 || signal >= 0;
    }

    /** Parses the report text; unknown or malformed lines are ignored (a torn last line after a kill). */
    public static LaunchReport parse(String text) {
        List<Mark> marks = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        int exit = -1;
        int signal = -1;
        long user = -1;
        long system = -1;
        long maxRss = -1;
        for (String line : text.split("\n")) {
            String[] f = line.strip().split(" ");
            try {
                switch (f[0]) {
                    case "mark" -> {
                        if (f.length == 3) {
                            marks.add(new Mark(f[1], Long.parseUnsignedLong(f[2])));
                        }
                    }
                    case "rusage" -> {
                        if (f.length >= 4) {
                            user = Long.parseLong(f[1]);
                            system = Long.parseLong(f[2]);
                            maxRss = Long.parseLong(f[3]);
                        }
                    }
                    case "exit" -> exit = Integer.parseInt(f[1]);
                    case "signal" -> signal = Integer.parseInt(f[1]);
                    case "error" -> {
                        String sentence = line.strip().substring("error".length()).strip();
                        if (!sentence.isEmpty()) {
                            errors.add(sentence);
                        }
                    }
                    default -> {
                        // Tolerate lines a newer launcher may add.
                    }
                }
            } catch (RuntimeException malformed) {
                // A torn line (the launcher was killed mid-write): ignore it.
            }
        }
        return new LaunchReport(marks, exit, signal, user, system, maxRss, errors);
    }
}
