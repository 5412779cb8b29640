package io.isobench.harness.workload.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code docker save} output: a tar holding manifest.json ({@code [{Config, RepoTags,
 * Layers}]}), the config JSON and one tar per layer. Copied out into a work directory
 * (only the regular files, names checked like layer entries), the config checked against
 * its file name's digest where the name is one, and every layer's uncompressed content
 * against the config's {@code rootfs.diff_ids}.
 */
public final class DockerArchive {
    private static final ObjectMapper JSON = new ObjectMapper();

    private DockerArchive() {
    }

    /** The key (sha256 of manifest.json and the config) and the verified layer files, bottom first. */
    public record Image(String key, List<Path> layers) {
    }

    public static Image read(Path archive, Path work) throws IOException {
        String what = "docker archive " + archive;
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new BufferedInputStream(Files.newInputStream(archive)))) {
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                if (!e.isFile()) {
                    continue;
                }
                String name = LayerExtractor.checkedName(e.getName(), what);
                Path out = work.resolve(name.replace('/', '_'));
                try (OutputStream o = Files.newOutputStream(out)) {
                    tar.transferTo(o);
                }
            }
        } catch (IOException ex) {
            throw new LayerException(what + " is not a readable tar: " + ex.getMessage());
        }
        Path manifestFile = work.resolve("manifest.json");
        if (!Files.isRegularFile(manifestFile)) {
            throw new LayerException(what + " has no manifest.json (is it docker save output?)");
        }
        JsonNode manifest = JSON.readTree(manifestFile.toFile());
        if (!manifest.isArray() || manifest.size() != 1) {
            throw new LayerException(what + ": manifest.json lists " + manifest.size() + " images; isobench takes an archive of one");
        }
        String configName = manifest.get(0).path("Config").asText("");
        Path config = work.resolve(LayerExtractor.checkedName(configName, what).replace('/', '_'));
        if (!Files.isRegularFile(config)) {
            throw new LayerException(what + ": the config " + configName + " is missing");
        }
        String base = configName.substring(configName.lastIndexOf('/') + 1).replace(".json", "");
        if (base.matches("[0-9a-f]{64}")) {
            Blobs.check(config, base, what + " (config)");
        }
        JsonNode diffIds = JSON.readTree(config.toFile()).path("rootfs").path("diff_ids");
        JsonNode layerNames = manifest.get(0).path("Layers");
        if (layerNames.size() == 0 || layerNames.size() != diffIds.size()) {
            throw new LayerException(what + ": " + layerNames.size() + " layers but " + diffIds.size() + " diff_ids in the config");
        }
        List<Path> layers = new ArrayList<>();
        for (int i = 0; i < layerNames.size(); i++) {
            String n = layerNames.get(i).asText("");
            Path layer = work.resolve(LayerExtractor.checkedName(n, what).replace('/', '_'));
            if (!Files.isRegularFile(layer)) {
                throw new LayerException(what + ": layer " + n + " is missing");
            }
            String hex = Blobs.hex(diffIds.get(i).asText(null), what);
            checkUncompressed(layer, hex, what + ", layer " + n);
            layers.add(layer);
        }
        String key = Blobs.sha256(manifestFile).substring(0, 32) + Blobs.sha256(config).substring(0, 32);
        return new Image(key, layers);
    }

    /** diff_ids name the uncompressed tar: a gzip layer is checked after decompression. */
    private static void checkUncompressed(Path layer, String hex, String what) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(layer))) {
            in.mark(2);
            boolean gz = in.read() == 0x1f && in.read() == 0x8b;
            in.reset();
            if (!gz) {
                Blobs.check(layer, hex, what);
                return;
            }
            java.security.MessageDigest md = java.security.MessageDigest.getInstance("SHA-256");
            try (InputStream u = new org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream(in, true)) {
                byte[] buf = new byte[1 << 16];
                int n;
                while ((n = u.read(buf)) > 0) {
                    md.update(buf, 0, n);
                }
            }
            String actual = java.util.HexFormat.of().formatHex(md.digest());
            if (!actual.equals(hex)) {
                throw new LayerException(what + ": digest mismatch, expected sha256:" + hex + " but the content is sha256:" + actual);
            }
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
