package io.isobench.harness.workload;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.isobench.workloads.Workload;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Collectors;

/**
 * Reads a workload file (YAML, or JSON for {@code *.json}; format in docs/workloads.md).
 * Every entry is checked while it is read, so a mistake is reported as one sentence with the
 * file and the line Jackson was at ({@link #read} throws {@link IllegalArgumentException}).
 * The root filesystems are only parsed here, not built: see {@link FileWorkload#prepared()}.
 */
public final class WorkloadFile {
    /** The newest format this isobench reads; a file without {@code schema} is version 1. */
    public static final int SCHEMA = 1;

    private WorkloadFile() {
    }

    // The file's shape. Records, so Jackson refuses unknown fields and checks types, and the
    // constructors check the rest with the parser still at the entry (for the line number).

    record FileDto(Integer schema, List<WorkloadDto> workloads) {
        FileDto {
            if (schema != null && (schema < 1 || schema > SCHEMA)) {
                throw new IllegalArgumentException("schema " + schema + " is not one this isobench reads (1 to " + SCHEMA + ")");
            }
            if (workloads == null || workloads.isEmpty()) {
                throw new IllegalArgumentException("the file lists no workloads (a list under 'workloads' is needed)");
            }
        }
    }

    record WorkloadDto(String id, String description, Object rootfs, List<String> command,
                       List<String> quickCommand, Map<String, String> env, List<String> needs, Integer timeout,
                       List<MetricDto> metrics, List<String> farEndServer) {
        WorkloadDto {
            if (id == null) {
                throw new IllegalArgumentException("a workload without an id (category.name)");
            }
            if (!id.matches("[a-z]+\\.[a-z0-9-]+")) {
                throw new IllegalArgumentException("workload id '" + id + "' is not category.name (lower case letters, digits, '-')");
            }
            if (rootfs == null) {
                throw new IllegalArgumentException("workload " + id + " has no rootfs (e.g. dir:/path/to/root)");
            }
            if (command == null || command.isEmpty() || command.stream().anyMatch(a -> a == null)) {
                throw new IllegalArgumentException("workload " + id + " has no command (a list: program and arguments)");
            }
            if (quickCommand != null && quickCommand.isEmpty()) {
                throw new IllegalArgumentException("workload " + id + " has an empty quickCommand");
            }
            rootfs = rootfsSpec(id, rootfs);
            for (String n : needs == null ? List.<String>of() : needs) {
                if (!"scratch".equals(n) && !"network".equals(n)) {
                    throw new IllegalArgumentException("workload " + id + " needs '" + n + "' (known: scratch, network)");
                }
            }
            if (farEndServer != null && (farEndServer.isEmpty() || farEndServer.stream().anyMatch(a -> a == null))) {
                throw new IllegalArgumentException("workload " + id + " has an empty farEndServer (a list: program and arguments)");
            }
            if (farEndServer != null && (needs == null || !needs.contains("network"))) {
                throw new IllegalArgumentException("workload " + id + " has a farEndServer but does not need network");
            }
            if (timeout != null && timeout < 1) {
                throw new IllegalArgumentException("workload " + id + " has a timeout of " + timeout + " s (at least 1)");
            }
            if (env != null && env.values().stream().anyMatch(v -> v == null)) {
                throw new IllegalArgumentException("workload " + id + " has an env variable without a value");
            }
            Set<String> names = new HashSet<>();
            for (MetricDto m : metrics == null ? List.<MetricDto>of() : metrics) {
                if (!names.add(m.name())) {
                    throw new IllegalArgumentException("workload " + id + " names metric " + m.name() + " twice");
                }
            }
        }
    }

    /**
     * {@code rootfs} as its one-line spec: a string as written, or the mapping form of a
     * Debian root, {@code {debian: {suite: bookworm, packages: [fio]}}}, as
     * {@code debian:bookworm:fio} (one cache key for both spellings).
     */
    private static String rootfsSpec(String id, Object rootfs) {
        if (rootfs instanceof String s) {
            return s;
        }
        String form = "workload " + id + ": a rootfs mapping must be {debian: {suite: SUITE, packages: [PKG, ...]}}";
        if (!(rootfs instanceof Map<?, ?> m) || m.size() != 1 || !(m.get("debian") instanceof Map<?, ?> d)) {
            throw new IllegalArgumentException(form);
        }
        if (!(d.get("suite") instanceof String suite) || suite.isBlank() || !d.keySet().stream()
                .allMatch(k -> k.equals("suite") || k.equals("packages"))) {
            throw new IllegalArgumentException(form);
        }
        Object packages = d.get("packages");
        if (packages != null && (!(packages instanceof List<?> l) || !l.stream().allMatch(p -> p instanceof String))) {
            throw new IllegalArgumentException(form + " (packages: a list of package names)");
        }
        List<?> pkgs = packages == null ? List.of() : (List<?>) packages;
        return "debian:" + suite.strip() + (pkgs.isEmpty() ? "" : ":" + String.join(",", pkgs.stream().map(Object::toString).toList()));
    }

    record MetricDto(String name, String regex, String stream, String json, String unit,
                     @JsonProperty("higherIsBetter") Boolean higherIsBetter) {
        MetricDto {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("a metric without a name");
            }
            if (higherIsBetter == null) {
                throw new IllegalArgumentException("metric " + name + " needs higherIsBetter (true or false)");
            }
            if (stream != null && !stream.equals("stdout") && !stream.equals("stderr")) {
                throw new IllegalArgumentException("metric " + name + " reads stream '" + stream + "' (stdout or stderr)");
            }
            if (stream != null && regex == null) {
                throw new IllegalArgumentException("metric " + name + ": stream applies to regex metrics only");
            }
            // Checks regex xor json, the group count, the pointer (fields are assigned only
            // after a compact constructor, so the parameters are passed, not this).
            rule(name, regex, stream, json, unit, higherIsBetter);
        }
    }

    private static MetricRule rule(MetricDto m) {
        return rule(m.name(), m.regex(), m.stream(), m.json(), m.unit(), m.higherIsBetter());
    }

    private static MetricRule rule(String name, String regex, String stream, String json, String unit, boolean higherIsBetter) {
        Pattern p;
        try {
            p = regex == null ? null : Pattern.compile(regex, Pattern.MULTILINE);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("the regex of metric " + name + " is invalid: " + e.getDescription());
        }
        MetricRule.Stream s = "stderr".equals(stream) ? MetricRule.Stream.STDERR : MetricRule.Stream.STDOUT;
        return new MetricRule(name, unit, higherIsBetter, p, s, json);
    }

    /**
     * The workloads of one file, roots not yet prepared.
     *
     * @throws IllegalArgumentException one sentence naming the file (and line, when known)
     */
    public static List<FileWorkload> read(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("workload file " + file + " does not exist");
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read workload file " + file + ": " + e.getMessage());
        }
        return parse(file, text);
    }

    /** The built-in {@code app} category (resources/workloads/app.yaml), in no default selection. */
    public static List<FileWorkload> app() {
        try (var in = WorkloadFile.class.getResourceAsStream("/workloads/app.yaml")) {
            if (in == null) {
                throw new IllegalStateException("app.yaml is missing from the isobench jar");
            }
            return parse(Path.of("app.yaml"), new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A workload file's text; {@code file} names it in messages and anchors relative dir: paths. */
    static List<FileWorkload> parse(Path file, String text) {
        boolean json = file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json");
        ObjectMapper mapper = (json ? new ObjectMapper() : new ObjectMapper(new YAMLFactory()))
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        FileDto dto;
        try {
            dto = mapper.readValue(text, FileDto.class);
            if (dto == null) {
                throw new IllegalArgumentException("workload file " + file + " is empty");
            }
        } catch (JsonProcessingException e) {
            // A binding error is placed at the line of the value at fault (Jackson's own location
            // is where its parser stopped: often the next entry); a syntax error where it is.
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            if (e instanceof JsonMappingException m) {
                int at = SourceLines.of(text, mapper.getFactory()).lineOf(m);
                line = at > 0 ? at : line;
            }
            throw new IllegalArgumentException("workload file " + file + (line > 0 ? " line " + line : "") + ": " + sentence(e));
        }
        Path base = file.toAbsolutePath().getParent();
        List<FileWorkload> out = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (WorkloadDto w : dto.workloads()) {
            if (!ids.add(w.id())) {
                throw new IllegalArgumentException("workload file " + file + " defines " + w.id() + " twice");
            }
            RootfsSource rootfs;
            try {
                rootfs = RootfsSource.parse((String) w.rootfs(), base);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("workload file " + file + ", workload " + w.id() + ": " + e.getMessage());
            }
            boolean scratch = w.needs() != null && w.needs().contains("scratch");
            boolean network = w.needs() != null && w.needs().contains("network");
            String description = w.description() != null ? w.description() : String.join(" ", w.command());
            Workload workload = new Workload(w.id(), description, scratch, w.command(),
                    w.quickCommand() != null ? w.quickCommand() : w.command(), w.command(), network);
            List<MetricRule> rules = (w.metrics() == null ? List.<MetricDto>of() : w.metrics()).stream()
                    .map(WorkloadFile::rule).toList();
            out.add(new FileWorkload(workload, rootfs, null, w.env(), rules,
                    w.timeout() == null ? null : Duration.ofSeconds(w.timeout()), file, w.farEndServer()));
        }
        return out;
    }

    /** Jackson's messages name Java classes; the user wrote YAML: one sentence in their terms. */
    private static String sentence(JsonProcessingException e) {
        if (e instanceof ValueInstantiationException && e.getCause() instanceof IllegalArgumentException iae) {
            return iae.getMessage();
        }
        if (e instanceof UnrecognizedPropertyException u) {
            String known = u.getKnownPropertyIds() == null ? "" : u.getKnownPropertyIds().stream()
                    .map(String::valueOf).sorted().collect(Collectors.joining(", "));
            return "unknown field '" + u.getPropertyName() + "'" + (known.isEmpty() ? "" : " (known: " + known + ")");
        }
        if (e instanceof MismatchedInputException m) {
            return "field '" + path(m) + "' has the wrong type (" + type(m.getTargetType()) + " expected)";
        }
        String msg = e.getOriginalMessage();
        if (e instanceof JsonMappingException && e.getCause() instanceof IllegalArgumentException iae) {
            msg = iae.getMessage();
        }
        return oneLine(String.valueOf(msg));
    }

    /**
     * A parser message as one line: SnakeYAML spreads one over several (context, a code
     * excerpt with a caret, the problem); Jackson appends a source description.
     */
    static String oneLine(String msg) {
        List<String> parts = new ArrayList<>();
        for (String line : msg.split("\n")) {
            String l = line.strip();
            int source = l.indexOf(" (for ");
            l = source >= 0 ? l.substring(0, source) : l;
            source = l.indexOf(" at [Source");
            l = source >= 0 ? l.substring(0, source) : l;
            if (!l.isEmpty() && !line.startsWith(" ") && !l.startsWith("^") && !l.startsWith("in 'reader'")) {
                parts.add(l);
            }
        }
        return parts.isEmpty() ? msg.strip() : String.join(", ", parts);
    }

    private static String path(JsonMappingException e) {
        StringBuilder b = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                b.append(b.length() == 0 ? "" : ".").append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                b.append('[').append(r.getIndex()).append(']');
            }
        }
        return b.length() == 0 ? "(top)" : b.toString();
    }

    private static String type(Class<?> c) {
        if (c == null) {
            return "another value";
        }
        if (List.class.isAssignableFrom(c)) {
            return "a list";
        }
        if (Map.class.isAssignableFrom(c) || c.isRecord()) {
            return "a mapping";
        }
        if (c == Integer.class || c == int.class) {
            return "a whole number";
        }
        if (c == Boolean.class || c == boolean.class) {
            return "true or false";
        }
        return "a " + c.getSimpleName().toLowerCase(Locale.ROOT);
    }
}
