package io.isobench.harness.workload.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * An OCI image layout directory (oci-layout, index.json, blobs/sha256/...): picks the
 * manifest of a tag ({@code org.opencontainers.image.ref.name}), or the only one, and lists
 * its layer blobs, every file checked against its digest before it is used.
 */
public final class OciLayout {
    static final String REF_NAME = "org.opencontainers.image.ref.name";
    private static final ObjectMapper JSON = new ObjectMapper();

    private OciLayout() {
    }

    /** The chosen manifest's digest (the cache key) and its verified layer blobs, bottom first. */
    public record Image(String manifestDigest, List<Path> layers) {
    }

    public static Image read(Path layout, String tag) throws IOException {
        String what = "OCI layout " + layout;
        if (!Files.isRegularFile(layout.resolve("oci-layout")) || !Files.isRegularFile(layout.resolve("index.json"))) {
            throw new LayerException(what + " is not an OCI image layout (no oci-layout or index.json)");
        }
        JsonNode index = JSON.readTree(layout.resolve("index.json").toFile());
        JsonNode chosen = null;
        List<String> tags = new ArrayList<>();
        for (JsonNode m : index.path("manifests")) {
            String ref = m.path("annotations").path(REF_NAME).asText(null);
            if (ref != null) {
                tags.add(ref);
            }
            if (tag == null ? index.path("manifests").size() == 1 : tag.equals(ref)) {
                chosen = m;
            }
        }
        if (chosen == null) {
            throw new LayerException(what + (tag == null ? " holds " + index.path("manifests").size() + " manifests; name one with :TAG"
                    : " has no manifest tagged '" + tag + "'") + " (tags: " + (tags.isEmpty() ? "none" : String.join(", ", tags)) + ")");
        }
        String digest = chosen.path("digest").asText(null);
        JsonNode manifest = JSON.readTree(Blobs.verified(layout, digest, what).toFile());
        if (manifest.has("manifests")) {
            throw new LayerException(what + ": the manifest " + digest + " is an index (multi-platform), which isobench does not pick from");
        }
        List<Path> layers = new ArrayList<>();
        for (JsonNode l : manifest.path("layers")) {
            layers.add(Blobs.verified(layout, l.path("digest").asText(null), what));
        }
        if (layers.isEmpty()) {
            throw new LayerException(what + ": the manifest " + digest + " has no layers");
        }
        return new Image(digest, layers);
    }
}
