package io.isobench.harness.cli;

import io.isobench.model.ResultsJson;
import io.isobench.model.Status;
import io.isobench.model.Trial;
import io.isobench.runtime.container.BusyboxRootfs;
import io.isobench.runtime.launch.CacheRoot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static io.isobench.harness.cli.RunCommandTest.cli;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * oci: and docker-archive: roots end to end, as root: an OCI layout made by the real umoci
 * (Debian package), a docker-save tarball built here in that format, both run in bare and
 * container; a corrupted blob is refused and leaves nothing in the cache.
 */
class ImageRootRunTest {
    private static final String CHECK = "test \"$(cat /etc/marker)\" = layered && ! test -e /bin/vi";

    @Test
    void anOciLayoutMadeByUmociRunsInBareAndContainer(@TempDir Path tmp) throws Exception {
        Path layout = tmp.resolve("layout");
        Path bundle = tmp.resolve("bundle");
        sh(tmp, "umoci init --layout " + layout + " && umoci new --image " + layout + ":bb"
                + " && umoci unpack --image " + layout + ":bb " + bundle);
        BusyboxRootfs.create(bundle.resolve("rootfs"));
        sh(tmp, "umoci repack --image " + layout + ":bb " + bundle);
        // A second layer: a new file and a whiteout of a lower one.
        Files.writeString(bundle.resolve("rootfs/etc/marker"), "layered");
        Files.delete(bundle.resolve("rootfs/bin/vi"));
        sh(tmp, "umoci repack --image " + layout + ":bb " + bundle);

        runsInBoth(tmp, "oci:" + layout + ":bb");

        // The same layout with one layer blob's content changed: refused, nothing left in the cache.
        Path bad = tmp.resolve("bad");
        sh(tmp, "cp -a " + layout + " " + bad);
        try (Stream<Path> blobs = Files.list(bad.resolve("blobs/sha256"))) {
            Path biggest = blobs.max(java.util.Comparator.comparingLong(p -> p.toFile().length())).orElseThrow();
            byte[] b = Files.readAllBytes(biggest);
            b[b.length / 2] ^= 1;
            Files.write(biggest, b);
        }
        var r = cli("run", "--rootfs", "oci:" + bad + ":bb", "--runtimes", "bare", "--out", tmp.resolve("o-bad").toString(),
                "--", "/bin/busybox", "true");
        assertEquals(2, r.code());
        assertTrue(r.err().strip().matches("isobench: OCI layout \\S+: digest mismatch, expected sha256:[0-9a-f]{64} but the content is sha256:[0-9a-f]{64}"),
                r.err());
        assertNothingHalfBuilt();
    }

    @Test
    void aDockerSaveTarballRunsInBareAndContainer(@TempDir Path tmp) throws Exception {
        Path root = BusyboxRootfs.create(Files.createDirectories(tmp.resolve("root")));
        Path archive = Files.createDirectories(tmp.resolve("archive"));
        Files.createDirectories(archive.resolve("l1"));
        Files.createDirectories(archive.resolve("l2"));
        sh(tmp, "tar -C " + root + " -cf " + archive.resolve("l1/layer.tar") + " .");
        Path upper = Files.createDirectories(tmp.resolve("upper/etc"));
        Files.writeString(upper.resolve("marker"), "layered");
        Files.createDirectories(tmp.resolve("upper/bin"));
        Files.writeString(tmp.resolve("upper/bin/.wh.vi"), "");
        sh(tmp, "tar -C " + tmp.resolve("upper") + " -cf " + archive.resolve("l2/layer.tar") + " .");
        String config = "{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"sha256:"
                + sha256(archive.resolve("l1/layer.tar")) + "\",\"sha256:" + sha256(archive.resolve("l2/layer.tar")) + "\"]}}";
        String configName = sha256(config.getBytes(StandardCharsets.UTF_8)) + ".json";
        Files.writeString(archive.resolve(configName), config);
        Files.writeString(archive.resolve("manifest.json"), "[{\"Config\":\"" + configName
                + "\",\"RepoTags\":[\"bb:latest\"],\"Layers\":[\"l1/layer.tar\",\"l2/layer.tar\"]}]");
        Path tarball = tmp.resolve("bb.tar");
        sh(tmp, "tar -C " + archive + " -cf " + tarball + " manifest.json " + configName + " l1 l2");

        runsInBoth(tmp, "docker-archive:" + tarball);
    }

    private static void runsInBoth(Path tmp, String source) throws Exception {
        Path out = tmp.resolve("out-" + source.substring(0, 3));
        var r = cli("run", "--rootfs", source, "--runtimes", "bare,container", "--trials", "1", "--warmups", "0", "--quick",
                "--out", out.toString(), "--", "/bin/busybox", "sh", "-c", CHECK);
        assertEquals(0, r.code(), r.err());
        List<Trial> trials = ResultsJson.readTrials(out.resolve("trials.jsonl"));
        assertEquals(2, trials.size());
        for (Trial t : trials) {
            assertEquals(Status.OK, t.status(), t.runtime() + ": " + t.reason());
        }
        assertNothingHalfBuilt();
    }

    private static void assertNothingHalfBuilt() throws IOException {
        Path cache = CacheRoot.get().resolve("rootfs");
        if (!Files.isDirectory(cache)) {
            return;
        }
        try (Stream<Path> s = Files.list(cache)) {
            List<String> own = s.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith(".") && n.contains("-" + ProcessHandle.current().pid())).toList();
            assertEquals(List.of(), own, "nothing half-built of this process stays in the cache");
        }
    }

    private static void sh(Path dir, String script) throws Exception {
        Process p = new ProcessBuilder("sh", "-c", script).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS) && p.exitValue() == 0, script + ": " + out);
    }

    private static String sha256(Path f) throws Exception {
        return sha256(Files.readAllBytes(f));
    }

    private static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }
}
