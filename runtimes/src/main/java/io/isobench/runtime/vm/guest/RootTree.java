package io.isobench.runtime.vm.guest;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A root directory as the VM's caches see it: every entry with its stat data, parents before
 * children, names sorted, so that both the initramfs and the root disk are reproducible and
 * keyed by the same facts. Stat data rather than contents: hashing a root of hundreds of MB
 * on every trial would cost more than it saves, and the roots isobench builds (the shared
 * image, oci:, docker-archive:, debian:) are content-addressed directories already; an edit of
 * a {@code dir:} root that keeps a file's size and mtime is not noticed (as with make).
 */
final class RootTree {
    static final int S_IFMT = 0170000;
    static final int S_IFDIR = 0040000;
    static final int S_IFREG = 0100000;
    static final int S_IFLNK = 0120000;

    private RootTree() {
    }

    /** One entry of the tree (any type: devices, FIFOs and sockets too), {@code name} relative to the root. */
    record Entry(String name, Path path, int mode, int uid, int gid, long size, FileTime mtime, String linkTarget) {
        int type() {
            return mode & S_IFMT;
        }
    }

    /**
     * The tree below {@code root}.
     *
     * @param skipped names directly under the root to leave out, with everything below them
     */
    static List<Entry> scan(Path root, Set<String> skipped) throws IOException {
        List<Entry> entries = new ArrayList<>();
        scanDir(root, "", skipped, entries);
        return entries;
    }

    private static void scanDir(Path dir, String prefix, Set<String> skipped, List<Entry> entries) throws IOException {
        List<Path> children;
        try (Stream<Path> list = Files.list(dir)) {
            children = list.sorted().toList();
        }
        for (Path p : children) {
            String name = prefix + p.getFileName();
            if (prefix.isEmpty() && skipped.contains(name)) {
                continue;
            }
            Map<String, Object> a = Files.readAttributes(p, "unix:mode,uid,gid,size,lastModifiedTime",
                    LinkOption.NOFOLLOW_LINKS);
            int mode = (Integer) a.get("mode");
            int type = mode & S_IFMT;
            String target = type == S_IFLNK ? Files.readSymbolicLink(p).toString() : null;
            entries.add(new Entry(name, p, mode, (Integer) a.get("uid"), (Integer) a.get("gid"),
                    type == S_IFREG ? (Long) a.get("size") : 0, (FileTime) a.get("lastModifiedTime"), target));
            if (type == S_IFDIR) {
                scanDir(p, name + "/", skipped, entries);
            }
        }
    }

    /** Feeds every entry's path, mode, owner, size, mtime and link target to {@code sha}. */
    static void digest(MessageDigest sha, List<Entry> entries) {
        for (Entry e : entries) {
            text(sha, e.name());
            sha.update(ByteBuffer.allocate(32).putInt(e.mode()).putInt(e.uid()).putInt(e.gid())
                    .putLong(e.size()).putLong(e.mtime().to(TimeUnit.NANOSECONDS)).array());
            text(sha, e.linkTarget() == null ? "" : e.linkTarget());
        }
    }

    /** A string and its terminating NUL, so that concatenations cannot collide. */
    static void text(MessageDigest sha, String s) {
        sha.update(s.getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0);
    }
}
