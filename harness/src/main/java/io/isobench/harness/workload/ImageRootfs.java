package io.isobench.harness.workload;

import io.isobench.harness.workload.image.DockerArchive;
import io.isobench.harness.workload.image.LayerExtractor;
import io.isobench.harness.workload.image.OciLayout;
import io.isobench.runtime.launch.CacheRoot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * {@code oci:PATH[:TAG]} (an OCI image layout) and {@code docker-archive:FILE} (docker save
 * output): the image's layers, every blob checked against its digest, unpacked in order by
 * {@link LayerExtractor} (whiteouts, opaque directories, hostile entries refused) into
 * {@code <cache>/rootfs/oci-<manifest digest>} or {@code docker-<key>}. Unpacked into a
 * {@code .building-*} directory and renamed into place only when complete, so a refused or
 * interrupted image leaves nothing that looks like a root.
 *
 * @param tag for oci: the {@code org.opencontainers.image.ref.name}, or null (the only manifest)
 */
public record ImageRootfs(String spec, boolean oci, Path path, String tag) implements RootfsSource {

    static ImageRootfs parse(String spec, String kind, String value, Path base) {
        if (value.isEmpty()) {
            throw new IllegalArgumentException("rootfs '" + spec + "' names no " + (kind.equals("oci") ? "directory" : "file"));
        }
        String tag = null;
        String path = value;
        if (kind.equals("oci")) {
            int colon = value.lastIndexOf(':');
            if (colon > 0 && !value.substring(colon + 1).contains("/")) {
                path = value.substring(0, colon);
                tag = value.substring(colon + 1);
            }
        }
        return new ImageRootfs(spec, kind.equals("oci"), base.resolve(path).toAbsolutePath().normalize(), tag);
    }

    @Override
    public Path prepare() {
        return prepareIn(CacheRoot.get());
    }

    Path prepareIn(Path cache) {
        if (!Files.exists(path)) {
            throw new IllegalArgumentException("rootfs " + spec + ": " + path + " does not exist");
        }
        Path parent = cache.resolve("rootfs");
        Path work = null;
        Path building = null;
        try {
            Files.createDirectories(parent);
            BuildDirs.sweepDead(parent);
            List<Path> layers;
            String name;
            if (oci) {
                OciLayout.Image image = OciLayout.read(path, tag);
                name = "oci-" + image.manifestDigest().substring("sha256:".length());
                layers = image.layers();
            } else {
                work = Files.createDirectory(BuildDirs.of(parent, "docker-archive", Long.toString(System.nanoTime())));
                DockerArchive.Image image = DockerArchive.read(path, work);
                name = "docker-" + image.key();
                layers = image.layers();
            }
            Path dir = parent.resolve(name);
            if (Files.isDirectory(dir)) {
                return dir;
            }
            building = BuildDirs.of(parent, "building", name);
            BuildDirs.remove(building);
            Files.createDirectory(building);
            LayerExtractor extractor = new LayerExtractor(building);
            for (int i = 0; i < layers.size(); i++) {
                extractor.apply(layers.get(i), "rootfs " + spec + ", layer " + (i + 1) + " of " + layers.size());
            }
            try {
                Files.move(building, dir, StandardCopyOption.ATOMIC_MOVE);
            } catch (java.nio.file.FileAlreadyExistsException | java.nio.file.DirectoryNotEmptyException e) {
                // Another run unpacked the same image meanwhile: use that one.
            }
            return dir;
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot unpack rootfs " + spec + ": " + e.getMessage());
        } finally {
            if (building != null) {
                BuildDirs.remove(building);
            }
            if (work != null) {
                BuildDirs.remove(work);
            }
        }
    }
}
