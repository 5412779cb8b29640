package io.isobench.model.density;

import io.isobench.model.ResultsJson;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Reads and writes {@code density.json}, with the same mapper as the other result files. */
public final class DensityJson {
    public static final String FILE = "density.json";

    private DensityJson() {
    }

    public static void write(Path file, DensityResults results) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        ResultsJson.mapper().writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), results);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Reads a density.json; refuses another schema version or a file of another kind with a clear sentence. */
    public static DensityResults read(Path file) throws IOException {
        var tree = ResultsJson.mapper().readTree(file.toFile());
        if (!DensityResults.KIND.equals(tree.path("kind").asText())) {
            throw new IOException(file + " is not a density result (no \"kind\": \"density\")");
        }
        int schema = tree.path("schema").asInt(-1);
        if (schema != DensityResults.SCHEMA) {
            throw new IOException(file + " has density schema " + schema + ", this isobench reads schema "
                    + DensityResults.SCHEMA);
        }
        return ResultsJson.mapper().treeToValue(tree, DensityResults.class);
    }

    /** {@code DIR/density.json} when given a directory, else the file itself. */
    public static Path locate(Path dirOrFile) {
        return Files.isDirectory(dirOrFile) ? dirOrFile.resolve(FILE) : dirOrFile;
    }
}
