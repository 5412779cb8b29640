package io.isobench.harness.host;

import io.isobench.model.HostConditions.Condition;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One kernel setting that adds noise and can be changed: where it lives (one file, or one
 * per CPU), how its value reads, which value is known to add noise and what to do instead.
 * {@code isobench host tune NAME=VALUE} writes it; the words a user types ({@code on},
 * {@code off}) map to what the kernel wants ({@code 1}, {@code 0}).
 *
 * @param name      e.g. {@code thp}
 * @param files     the file(s) holding it, relative to the host root (all written alike)
 * @param words     user word → kernel value, in the order help shows them
 * @param noisy     the kernel values known to add noise
 * @param why       what the noisy value does, for the warning
 * @param better    the user word the warning proposes
 */
public record Knob(String name, Function<Path, List<Path>> files, Map<String, String> words, List<String> noisy,
                   String why, String better) {
    /** {@code always [madvise] never} → {@code madvise}: sysfs marks the active choice. */
    private static final Pattern SELECTED = Pattern.compile("\\[([^\\]]+)]");

    /** The knob's value as a user word, or "unknown" when the host does not expose it. */
    public Condition read(Path root) {
        List<Path> paths = files.apply(root);
        List<String> values = new ArrayList<>();
        for (Path p : paths) {
            Optional<String> v = value(p);
            v.ifPresent(values::add);
        }
        if (values.isEmpty()) {
            return new Condition(name, "unknown", null);
        }
        String kernel = values.stream().distinct().count() == 1 ? values.get(0) : String.join(",", values.stream().distinct().toList());
        String word = wordFor(kernel);
        boolean bad = values.stream().anyMatch(noisy::contains);
        return new Condition(name, word, bad ? name + " is " + word + ": " + why + "; fix: isobench host tune " + name + "="
                + better + " (isobench host reset restores it)" : null);
    }

    /** The raw kernel value of one file; empty when it is absent or unreadable. */
    static Optional<String> value(Path file) {
        try {
            String raw = Files.readString(file).strip();
            Matcher m = SELECTED.matcher(raw);
            return Optional.of(m.find() ? m.group(1) : raw);
        } catch (IOException | SecurityException e) {
            return Optional.empty();
        }
    }

    /** The kernel's value written as the user's word ({@code 1} → {@code on}); itself when no word maps to it. */
    String wordFor(String kernel) {
        return words.entrySet().stream().filter(e -> e.getValue().equals(kernel)).map(Map.Entry::getKey).findFirst().orElse(kernel);
    }

    /** The kernel's value for a user word; empty when the word is not one of this knob's. */
    Optional<String> kernelValue(String word) {
        return Optional.ofNullable(words.get(word));
    }
}
