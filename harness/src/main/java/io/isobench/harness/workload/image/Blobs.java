package io.isobench.harness.workload.image;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** sha256 digests: blobs are trusted only after their content matched the digest that names them. */
final class Blobs {
    private Blobs() {
    }

    /** {@code sha256:<64 hex>}, checked, as its hex part; anything else is refused. */
    static String hex(String digest, String what) {
        if (digest == null || !digest.matches("sha256:[0-9a-f]{64}")) {
            throw new LayerException(what + ": digest '" + digest + "' is not sha256:<64 hex digits>");
        }
        return digest.substring("sha256:".length());
    }

    static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            int n;
            while ((n = in.read(buf)) > 0) {
                md.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The blob file {@code dir/blobs/sha256/<hex>} after checking its content against {@code digest}. */
    static Path verified(Path layout, String digest, String what) throws IOException {
        String hex = hex(digest, what);
        Path blob = layout.resolve("blobs").resolve("sha256").resolve(hex);
        if (!Files.isRegularFile(blob, LinkOption.NOFOLLOW_LINKS)) {
            throw new LayerException(what + ": blob " + digest + " is missing from " + layout);
        }
        check(blob, hex, what);
        return blob;
    }

    static void check(Path file, String hex, String what) throws IOException {
        String actual = sha256(file);
        if (!actual.equals(hex)) {
            throw new LayerException(what + ": digest mismatch, expected sha256:" + hex + " but the content is sha256:" + actual);
        }
    }
}
