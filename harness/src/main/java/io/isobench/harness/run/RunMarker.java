package io.isobench.harness.run;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Marks a running {@code isobench run} on this host: {@code /run/isobench/run-PID} holding
 * the pid and the process's start time. Two runs at once share CPUs, caches and disks, so
 * each disturbs the other's measurements: a run that finds another live marker says so.
 * Markers of dead runs (kill -9, a crash; a reused pid has another start time) are ignored
 * and removed. /run is a tmpfs: a reboot clears them all.
 */
public final class RunMarker implements AutoCloseable {
    static final Path DEFAULT_DIR = Path.of("/run/isobench");

    private final Path file;

    private RunMarker(Path file) {
        this.file = file;
    }

    /** Places this process's marker in {@code dir} and warns on {@code err} about every other live run. */
    public static RunMarker place(Path dir, PrintStream err) {
        ProcessHandle self = ProcessHandle.current();
        List<Long> others = new ArrayList<>();
        try {
            Files.createDirectories(dir);
            try (Stream<Path> files = Files.list(dir)) {
                for (Path p : (Iterable<Path>) files.filter(f -> f.getFileName().toString().startsWith("run-"))::iterator) {
                    Optional<Long> live = liveOwner(p);
                    if (live.isEmpty()) {
                        Files.deleteIfExists(p); // a dead run's marker
                    } else if (live.get() != self.pid()) {
                        others.add(live.get());
                    }
                }
            }
            Path file = dir.resolve("run-" + self.pid());
            Files.writeString(file, self.pid() + " " + startMillis(self) + "\n");
            if (!others.isEmpty()) {
                err.println("isobench: warning: another isobench run is going on on this host (pid "
                        + others.stream().map(String::valueOf).reduce((a, b) -> a + ", " + b).orElse("")
                        + "): concurrent runs disturb each other's measurements");
            }
            return new RunMarker(file);
        } catch (IOException e) {
            // Without a marker the run still works; it just cannot warn or be warned about.
            return new RunMarker(null);
        }
    }

    public static RunMarker place(PrintStream err) {
        return place(DEFAULT_DIR, err);
    }

    /** The pid of a marker's owner if that very process is still alive. */
    static Optional<Long> liveOwner(Path marker) {
        try {
            String[] f = Files.readString(marker).strip().split(" ");
            long pid = Long.parseLong(f[0]);
            long started = Long.parseLong(f[1]);
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).filter(h -> startMillis(h) == started)
                    .map(ProcessHandle::pid);
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // unreadable or half-written: not a live run's
        }
    }

    private static long startMillis(ProcessHandle h) {
        return h.info().startInstant().map(i -> i.toEpochMilli()).orElse(-1L);
    }

    @Override
    public void close() {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // a leftover is ignored by the next run
            }
        }
    }
}
