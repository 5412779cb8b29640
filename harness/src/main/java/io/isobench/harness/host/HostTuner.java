package io.isobench.harness.host;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code isobench host tune} and {@code host reset}: changes only the knobs the user names,
 * saving each file's value before its first change, and puts back exactly those values.
 * The saved values live in {@code /run/isobench/host-tune.json}: like the settings
 * themselves they do not survive a reboot, which resets both.
 */
public final class HostTuner {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path root;
    private final Path state;

    public HostTuner(Path root, Path state) {
        this.root = root;
        this.state = state;
    }

    public static HostTuner here() {
        return new HostTuner(Path.of("/"), Path.of("/run/isobench/host-tune.json"));
    }

    /** Applies NAME=WORD settings; returns one line per file changed. Refuses unknown names or values before writing anything. */
    public List<String> tune(Map<String, String> settings) throws IOException {
        Map<Knob, String> plan = new LinkedHashMap<>();
        for (var e : settings.entrySet()) {
            Knob k = Knobs.named(e.getKey()).orElseThrow(() -> new IllegalArgumentException("unknown setting '" + e.getKey()
                    + "' (known: " + String.join(", ", Knobs.ALL.stream().map(Knob::name).toList()) + ")"));
            String value = k.kernelValue(e.getValue()).orElseThrow(() -> new IllegalArgumentException(k.name() + " cannot be '"
                    + e.getValue() + "' (use one of " + String.join(", ", k.words().keySet()) + ")"));
            if (k.files().apply(root).stream().noneMatch(Files::isRegularFile)) {
                throw new IllegalArgumentException("this host has no " + k.name() + " setting to change");
            }
            plan.put(k, value);
        }
        Map<String, String> saved = saved();
        List<String> done = new ArrayList<>();
        for (var e : plan.entrySet()) {
            for (Path f : e.getKey().files().apply(root)) {
                String before = Knob.value(f).orElseThrow(() -> new IOException("cannot read " + f));
                saved.putIfAbsent(f.toString(), before); // the value before isobench's first change
                save(saved);
                Files.writeString(f, e.getValue());
                done.add(e.getKey().name() + ": " + f + " " + before + " -> " + e.getValue());
            }
        }
        return done;
    }

    /** Restores every saved value and forgets them; returns one line per file restored. */
    public List<String> reset() throws IOException {
        Map<String, String> saved = saved();
        List<String> done = new ArrayList<>();
        for (var e : saved.entrySet()) {
            Files.writeString(Path.of(e.getKey()), e.getValue());
            done.add(e.getKey() + " -> " + e.getValue());
        }
        Files.deleteIfExists(state);
        return done;
    }

    private Map<String, String> saved() throws IOException {
        if (!Files.exists(state)) {
            return new LinkedHashMap<>();
        }
        return JSON.readValue(state.toFile(), new TypeReference<LinkedHashMap<String, String>>() { });
    }

    /** Written whole and renamed into place, so a crash never leaves half a record of what to restore. */
    private void save(Map<String, String> saved) throws IOException {
        Files.createDirectories(state.getParent());
        Path tmp = state.resolveSibling(state.getFileName() + ".tmp");
        JSON.writeValue(tmp.toFile(), saved);
        Files.move(tmp, state, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
